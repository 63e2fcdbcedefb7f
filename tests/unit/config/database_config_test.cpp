// [database] url: the database every server of one deployment shares; --db wins over it.
#include <gtest/gtest.h>

#include "colloq/config/config.hpp"
#include "colloq/store/database.hpp"
#include "section_support.hpp"

namespace colloq::config {
namespace {

const std::string& event = testing::event_before_sections;
std::string error_of(const std::string& section) { return testing::error_of_section(section); }

TEST(config_database, the_url_is_read_and_checked) {
    EXPECT_EQ(parse(event, "event.toml").database_url, "") << "absent: SQLite in the data directory";
    auto c = parse(event + "[database]\nurl = \"postgresql://colloq@127.0.0.1:5432/colloq\"\n", "event.toml");
    EXPECT_EQ(c.database_url, "postgresql://colloq@127.0.0.1:5432/colloq");
    EXPECT_NE(error_of("[database]\nurl = \"mysql://x/y\"\n").find("database.url"), std::string::npos);
    EXPECT_NE(error_of("[database]\nhost = \"x\"\n").find("unknown key"), std::string::npos);
}

TEST(config_database, a_postgresql_url_becomes_libpqs_quoted_pairs) {
    auto where = store::parse_db_url("postgresql://colloq:p%27ss@db.example.org:5433/inscriptions?sslmode=require", "var");
    EXPECT_EQ(where.kind, store::backend::postgresql);
    EXPECT_NE(where.connect_string.find("user='colloq'"), std::string::npos) << where.connect_string;
    EXPECT_NE(where.connect_string.find("password='p\\'ss'"), std::string::npos) << where.connect_string;
    EXPECT_NE(where.connect_string.find("host='db.example.org'"), std::string::npos) << where.connect_string;
    EXPECT_NE(where.connect_string.find("port='5433'"), std::string::npos) << where.connect_string;
    EXPECT_NE(where.connect_string.find("dbname='inscriptions'"), std::string::npos) << where.connect_string;
    EXPECT_NE(where.connect_string.find("sslmode='require'"), std::string::npos) << where.connect_string;
    EXPECT_THROW(store::parse_db_url("postgresql://x/y?nosuchoption=1", "var"), std::invalid_argument);
}

}  // namespace
}  // namespace colloq::config
