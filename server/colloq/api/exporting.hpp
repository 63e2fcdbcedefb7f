#pragma once
// Writes an export (CSV, XLSX, sign-in sheet) from the store to a sink, one row at a time,
// on a thread of its own (see store::export_registrations): the same code serves the HTTP
// routes and `colloq export`.
#include <functional>
#include <string>
#include <string_view>

#include "colloq/config/config.hpp"
#include "colloq/store/store.hpp"

namespace colloq::api {

enum class export_format { csv, xlsx, signin_sheet };

struct export_request {
    export_format format = export_format::csv;
    store::registration_filter filter;
    char separator = ';';          // CSV
    bool group_by_partner = false;  // sign-in sheet
    std::vector<std::string> sheet_questions;  // sign-in sheet: ids of the questions whose answers it lists
    std::string work_dir;          // where the XLSX is built before it is sent
};

// `sink` returns false when nobody reads any more: the export stops. `done(ok)` comes last,
// on the export's thread. False, and neither is called, when too many exports run already.
bool run_export(const config::config& cfg, store::store& db, export_request request,
                std::function<bool(std::string_view)> sink, std::function<void(bool ok)> done);

std::string export_content_type(export_format format);
std::string export_file_name(const config::config& cfg, export_format format);

}  // namespace colloq::api
