#pragma once
// HTML templates from web/templates: {{name}} inserts the value HTML-escaped, {{{name}}} inserts
// a fragment the server built (and escaped) itself. Nothing else: no logic in templates.
#include <map>
#include <string>

namespace colloq::api {

using template_vars = std::map<std::string, std::string, std::less<>>;

class templates {
public:
    // Reads every *.html of the directory; throws when it cannot.
    explicit templates(const std::string& dir);
    // Throws std::out_of_range for an unknown template name.
    std::string render(const std::string& name, const template_vars& vars) const;

private:
    std::map<std::string, std::string> sources_;
};

}  // namespace colloq::api
