#pragma once
// The start-up banner's list: a label and its value per line, every value in one column.
#include <string>
#include <utility>
#include <vector>

namespace colloq::cli {

using banner_line = std::pair<std::string, std::string>;  // label, value

// "  label   value\n" per line; the values start where the longest label ends, plus two spaces
// (labels are measured in characters, so « entrée » counts as six).
std::string aligned_banner(const std::vector<banner_line>& lines);

}  // namespace colloq::cli
