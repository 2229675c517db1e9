#include "http/request.h"

#include "http/form.h"

namespace http {

std::string_view method_name(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Head:
        return "HEAD";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Patch:
        return "PATCH";
    case Method::Delete:
        return "DELETE";
    case Method::Options:
        return "OPTIONS";
    case Method::Other:
        break;
    }
    return "OTHER";
}

std::string_view Request::header(std::string_view lower_case_name) const
{
    for (auto const& [name, value] : headers) {
        if (name == lower_case_name)
            return value;
    }
    return {};
}

std::string_view Request::param(std::string_view name) const
{
    for (auto const& [param_name, value] : params) {
        if (param_name == name)
            return value;
    }
    return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const
{
    return form_value(query, name);
}

}
