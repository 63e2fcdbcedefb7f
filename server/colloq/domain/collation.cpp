#include "colloq/domain/collation.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

namespace colloq::domain {

namespace {

struct collator_closer {
    void operator()(UCollator* c) const { ucol_close(c); }
};

// A collator for this thread: ICU's may not be used by two threads at once.
// Secondary strength: letters first, then accents; case never decides, so the
// first name does. Spaces and hyphens count (« Du Pont » before « Dupont »).
UCollator* french() {
    thread_local std::unique_ptr<UCollator, collator_closer> collator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UCollator, collator_closer> c(ucol_open("fr", &status));
        if (U_FAILURE(status) || !c)
            throw std::runtime_error(std::string("ICU cannot open the French collation: ") + u_errorName(status));
        ucol_setStrength(c.get(), UCOL_SECONDARY);
        return c;
    }();
    return collator.get();
}

// UTF-16 for ICU, in this thread's buffer (lists of 100,000 names ask for a key each); bytes that
// are not UTF-8 become U+FFFD rather than an error.
const std::vector<UChar>& utf16(std::string_view text) {
    thread_local std::vector<UChar> out;
    out.resize(text.size() + 1);
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, text.data(),
                         static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
    out.resize(U_FAILURE(status) ? 0 : static_cast<std::size_t>(length));
    return out;
}

}  // namespace

std::string collation_key(std::string_view text) {
    UCollator* c = french();
    const std::vector<UChar>& u = utf16(text);
    std::string key(u.size() * 2 + 16, '\0');
    for (;;) {
        int32_t needed = ucol_getSortKey(c, u.data(), static_cast<int32_t>(u.size()),
                                         reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
        if (needed <= 0) return {};
        if (static_cast<std::size_t>(needed) <= key.size()) {
            key.resize(static_cast<std::size_t>(needed) - 1);  // without the final NUL
            return key;
        }
        key.assign(static_cast<std::size_t>(needed), '\0');
    }
}

// A tab sorts before every character a name may hold (names never contain one):
// a shorter last name comes first, whatever the first names.
std::string name_collation_key(std::string_view last_name, std::string_view first_name) {
    std::string both;
    both.reserve(last_name.size() + first_name.size() + 1);
    both.append(last_name).append(1, '\t').append(first_name);
    return collation_key(both);
}

bool collates_before(std::string_view a, std::string_view b) {
    UErrorCode status = U_ZERO_ERROR;
    return ucol_strcollUTF8(french(), a.data(), static_cast<int32_t>(a.size()), b.data(),
                            static_cast<int32_t>(b.size()), &status) == UCOL_LESS;
}

}  // namespace colloq::domain
