#include "colloq/cli/banner.hpp"

#include <gtest/gtest.h>

namespace colloq::cli {

TEST(banner, values_start_in_one_column_whatever_the_labels_accents) {
    std::string text = aligned_banner({{"inscription", "http://x/"},
                                       {"inscription Coopérative des cabinets", "http://x/p/coopcab"},
                                       {"accueil (entrée)", "http://x/door"}});
    EXPECT_EQ(text,
              "  inscription                           http://x/\n"
              "  inscription Coopérative des cabinets  http://x/p/coopcab\n"
              "  accueil (entrée)                      http://x/door\n");
}

}  // namespace colloq::cli
