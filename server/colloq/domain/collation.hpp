#pragma once
// French alphabetical order (ICU), for lists of people: accents, case and the
// other Latin letters fold onto their base letter (« Émile » and « Çelik » sort
// with E and C, « Øystein » with O, « Łukasz » with L, « Bảo » before « Break »);
// an accent only decides between names otherwise equal (Emile, Émile, Eva).
#include <string>
#include <string_view>

namespace colloq::domain {

// Bytes whose plain comparison (std::string's <) is the French order of `text`.
// Safe on any thread: each thread has its own collator, ICU's are not shared-safe.
std::string collation_key(std::string_view text);

// The key that orders people by last name, then first name: « Dupont Zoé » after
// « Dupont Anne », « Du Pont » before « Dupont ».
std::string name_collation_key(std::string_view last_name, std::string_view first_name);

// True when `a` comes before `b` in French order.
bool collates_before(std::string_view a, std::string_view b);

}  // namespace colloq::domain
