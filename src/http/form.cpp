#include "http/form.h"

#include "core/percent_encoding.h"

namespace http {

namespace {

enum class OnBadEscape { Fail,
    KeepLiterally };

std::optional<std::string> decode(std::string_view text, Plus plus, OnBadEscape on_bad_escape)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char const c = text[i];
        if (c == '+' && plus == Plus::Space) {
            out += ' ';
            continue;
        }
        if (c != '%') {
            out += c;
            continue;
        }
        int const high = i + 1 < text.size() ? core::hex_digit_value(text[i + 1]) : -1;
        int const low = i + 2 < text.size() ? core::hex_digit_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            if (on_bad_escape == OnBadEscape::Fail)
                return std::nullopt;
            out += c;
            continue;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

std::string decode_form_part(std::string_view text)
{
    return *decode(text, Plus::Space, OnBadEscape::KeepLiterally);
}

// Calls visit(name, value) for each non-empty "&"-separated part; stops when visit returns false.
template <typename Visit>
void for_each_pair(std::string_view body, Visit visit)
{
    while (!body.empty()) {
        auto const amp = body.find('&');
        auto const part = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view {} : body.substr(amp + 1);
        if (part.empty())
            continue;
        auto const eq = part.find('=');
        auto const name = part.substr(0, eq);
        auto const value = eq == std::string_view::npos ? std::string_view {} : part.substr(eq + 1);
        if (!visit(name, value))
            return;
    }
}

}

std::optional<std::string> percent_decode(std::string_view text, Plus plus)
{
    return decode(text, plus, OnBadEscape::Fail);
}

FormFields parse_form(std::string_view body)
{
    FormFields fields;
    for_each_pair(body, [&](std::string_view name, std::string_view value) {
        fields.emplace_back(decode_form_part(name), decode_form_part(value));
        return true;
    });
    return fields;
}

std::optional<std::string> form_value(std::string_view body, std::string_view name)
{
    std::optional<std::string> found;
    for_each_pair(body, [&](std::string_view raw_name, std::string_view raw_value) {
        if (decode_form_part(raw_name) != name)
            return true;
        found = decode_form_part(raw_value);
        return false;
    });
    return found;
}

}
