#include "colloq/domain/answers_json.hpp"

#include <boost/json.hpp>

namespace colloq::domain {

namespace json = boost::json;

answer answer_from_json(const json::value& v) {
    answer a;
    if (v.is_string()) {
        a.kind = answer::shape::text;
        a.values.emplace_back(v.get_string());
    } else if (v.is_bool()) {
        a.kind = answer::shape::flag;
        a.values.emplace_back(v.get_bool() ? "true" : "false");
    } else if (v.is_array()) {
        a.kind = answer::shape::list;
        for (const auto& item : v.get_array()) {
            if (!item.is_string()) return answer{answer::shape::other, {}};
            a.values.emplace_back(item.get_string());
        }
    } else {
        a.kind = answer::shape::other;
    }
    return a;
}

answer_map answers_from_json(const json::object& o) {
    answer_map out;
    for (const auto& [key, value] : o) out[std::string(key)] = answer_from_json(value);
    return out;
}

json::object answers_to_json(const answer_map& answers) {
    json::object o;
    for (const auto& [id, a] : answers) {
        switch (a.kind) {
            case answer::shape::flag: o[id] = !a.values.empty() && a.values[0] == "true"; break;
            case answer::shape::list: {
                json::array items;
                for (const auto& v : a.values) items.emplace_back(v);
                o[id] = std::move(items);
                break;
            }
            default: o[id] = a.values.empty() ? std::string() : a.values[0]; break;
        }
    }
    return o;
}

std::string answers_to_column(const answer_map& answers) { return json::serialize(answers_to_json(answers)); }

answer_map answers_from_column(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return {};
    return answers_from_json(v.get_object());
}

}  // namespace colloq::domain
