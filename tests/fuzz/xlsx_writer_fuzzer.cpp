// The XLSX export: rows of arbitrary text written to a workbook, which must be written whole
// (a zip archive from its first local header to its end-of-central-directory record).
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "colloq/exports/xlsx.hpp"

namespace {

const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        char name[] = "/tmp/colloq-fuzz-xlsx-XXXXXX";
        if (!mkdtemp(name)) std::abort();
        return std::filesystem::path(name);
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace colloq::exports;
    FuzzedDataProvider in(data, size);
    auto path = (scratch() / "export.xlsx").string();
    {
        xlsx_writer w(path, in.ConsumeRandomLengthString(40));
        int rows = 0;
        while (in.remaining_bytes() > 0 && rows++ < 8) {
            export_row r;
            r.id = in.ConsumeIntegral<long long>();
            for (std::string* f : {&r.last_name, &r.first_name, &r.email, &r.organisation, &r.role, &r.partner_name,
                                   &r.status, &r.created_at, &r.checked_in_at, &r.consent_at, &r.consent_version})
                *f = in.ConsumeRandomLengthString(64);
            w.row(r);
        }
        w.close();
    }
    std::ifstream file(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() < 22 || bytes.compare(0, 4, "PK\x03\x04") != 0) std::abort();
    auto end = bytes.rfind("PK\x05\x06");
    if (end == std::string::npos || end + 22 > bytes.size()) std::abort();
    std::filesystem::remove(path);
    return 0;
}
