#include "colloq/api/json_io.hpp"

#include "colloq/domain/answers_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace colloq::api {

namespace json = boost::json;

response json_response(int status, const json::value& body) {
    response r;
    r.status = status;
    r.body = json::serialize(body);
    return r;
}

response unavailable(int retry_after_seconds) {
    response r = json_error(503, "unavailable", "Le service est momentanément indisponible. Réessayez dans un instant.");
    if (retry_after_seconds > 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

response json_error(int status, std::string_view code, std::string_view message, std::string_view field) {
    json::object o;
    o["error"] = code;
    o["message"] = message;
    if (!field.empty()) o["field"] = field;
    return json_response(status, o);
}

response invalid_fields(const std::vector<domain::field_error>& faults) {
    json::object o;
    o["error"] = "invalid";
    o["message"] = faults.front().message;
    o["field"] = faults.front().field;
    json::array all;
    for (const auto& f : faults) all.push_back(json::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(all);
    return json_response(422, o);
}

parsed_object parse_json_object(const request& req) {
    parsed_object out;
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 16;
    json::value v = json::parse(req.body, ec, {}, options);
    if (ec) {
        out.error = json_error(400, "bad_request",
                               "Le corps de la requête n'est pas un JSON valide (UTF-8) : " + ec.message() + ".");
    } else if (!v.is_object()) {
        out.error = json_error(400, "bad_request", "Le corps de la requête doit être un objet JSON.");
    } else {
        out.object = std::move(v.as_object());
    }
    return out;
}

std::optional<std::string> text_field(const json::object& o, std::string_view name,
                                      std::optional<response>& error) {
    auto it = o.find(name);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (!it->value().is_string()) {
        if (!error)
            error = json_error(400, "bad_request",
                               "Le champ « " + std::string(name) + " » doit être un texte.", name);
        return std::nullopt;
    }
    return std::string(it->value().as_string());
}

std::optional<bool> flag_field(const json::object& o, std::string_view name, std::optional<response>& error) {
    auto it = o.find(name);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    if (!it->value().is_bool()) {
        if (!error)
            error = json_error(400, "bad_request",
                               "Le champ « " + std::string(name) + " » doit valoir true ou false.", name);
        return std::nullopt;
    }
    return it->value().as_bool();
}

domain::answer_map answers_field(const json::object& o, std::optional<response>& error) {
    auto it = o.find("answers");
    if (it == o.end() || it->value().is_null()) return {};
    if (!it->value().is_object()) {
        if (!error)
            error = json_error(400, "bad_request",
                               "Le champ « answers » doit être un objet : {\"identifiant de la question\": réponse}.",
                               "answers");
        return {};
    }
    return domain::answers_from_json(it->value().get_object());
}

}  // namespace colloq::api
