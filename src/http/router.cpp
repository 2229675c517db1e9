#include "http/router.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace http {

namespace {

// Longest {n:int} value: 18 digits always fit a std::int64_t.
constexpr std::size_t max_integer_digits = 18;

// The order methods are listed in an Allow header.
constexpr std::array allow_order { Method::Get, Method::Head, Method::Post, Method::Put, Method::Patch, Method::Delete, Method::Options };

// Splits "/a/b/" into {"a", "b"}: one trailing slash is ignored (see router.h); "/" has no segments.
std::vector<std::string_view> split_path(std::string_view path)
{
    std::vector<std::string_view> segments;
    path.remove_prefix(1);
    if (path.ends_with('/'))
        path.remove_suffix(1);
    if (path.empty())
        return segments;
    while (true) {
        auto const slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            return segments;
        path.remove_prefix(slash + 1);
    }
}

bool is_dot_segment(std::string_view segment)
{
    return segment == "." || segment == "..";
}

bool is_integer(std::string_view segment)
{
    return !segment.empty() && segment.size() <= max_integer_digits
        && std::ranges::all_of(segment, [](char c) { return c >= '0' && c <= '9'; });
}

int specificity(auto kind)
{
    using Kind = decltype(kind);
    return kind == Kind::Literal ? 2 : kind == Kind::Integer ? 1
                                                             : 0;
}

std::size_t method_bit(Method method)
{
    return std::size_t { 1 } << static_cast<std::size_t>(method);
}

}

void Router::add(Method method, std::string_view pattern, Handler handler)
{
    auto const invalid = [&](std::string_view why) {
        return std::invalid_argument("route pattern \"" + std::string(pattern) + "\": " + std::string(why));
    };
    if (method == Method::Other)
        throw invalid("Method::Other cannot be routed");
    if (!pattern.starts_with('/'))
        throw invalid("must start with '/'");
    if (!handler)
        throw invalid("empty handler");

    Route route { method, {}, std::move(handler) };
    for (auto const segment : split_path(pattern)) {
        if (segment.empty())
            throw invalid("empty segment");
        if (!segment.starts_with('{')) {
            if (segment.find_first_of("{}") != std::string_view::npos)
                throw invalid("braces inside a literal segment");
            if (is_dot_segment(segment))
                throw invalid("dot segment");
            route.segments.push_back({ Segment::Kind::Literal, std::string(segment) });
            continue;
        }
        if (!segment.ends_with('}'))
            throw invalid("unclosed parameter");
        auto const inner = segment.substr(1, segment.size() - 2);
        auto const colon = inner.find(':');
        auto const name = inner.substr(0, colon);
        auto const type = colon == std::string_view::npos ? std::string_view {} : inner.substr(colon + 1);
        if (name.empty() || name.find_first_of("{}") != std::string_view::npos)
            throw invalid("bad parameter name");
        if (colon != std::string_view::npos && type != "int")
            throw invalid("unknown parameter type (only :int)");
        bool const duplicate = std::ranges::any_of(route.segments, [&](Segment const& existing) {
            return existing.kind != Segment::Kind::Literal && existing.text == name;
        });
        if (duplicate)
            throw invalid("duplicate parameter name");
        route.segments.push_back({ type == "int" ? Segment::Kind::Integer : Segment::Kind::Text, std::string(name) });
    }
    m_routes.push_back(std::move(route));
}

RouteResult Router::match(Method method, std::string_view path) const
{
    if (!path.starts_with('/'))
        return NoRoute {};
    auto const segments = split_path(path);

    auto const fits = [&](Route const& route) {
        if (route.segments.size() != segments.size())
            return false;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            auto const& want = route.segments[i];
            auto const got = segments[i];
            bool const ok = want.kind == Segment::Kind::Literal ? got == want.text
                : want.kind == Segment::Kind::Integer           ? is_integer(got)
                                                                : !got.empty() && !is_dot_segment(got);
            if (!ok)
                return false;
        }
        return true;
    };
    // Literal beats int beats text, compared from the leftmost segment; 0 when equally specific.
    auto const compare = [](Route const& a, Route const& b) {
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            if (a.segments[i].kind != b.segments[i].kind)
                return specificity(a.segments[i].kind) - specificity(b.segments[i].kind);
        }
        return 0;
    };

    Route const* best = nullptr;
    std::size_t allowed = 0;
    for (auto const& route : m_routes) {
        if (!fits(route))
            continue;
        allowed |= method_bit(route.method);
        if (route.method == Method::Get)
            allowed |= method_bit(Method::Head);
        // HEAD is answered by GET routes; an explicit HEAD route wins a tie.
        bool const candidate = route.method == method || (method == Method::Head && route.method == Method::Get);
        if (!candidate)
            continue;
        int const order = best ? compare(route, *best) : 1;
        if (order > 0 || (order == 0 && route.method == method && best->method != method))
            best = &route;
    }

    if (best) {
        RouteMatch found { &best->handler, {} };
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (best->segments[i].kind != Segment::Kind::Literal)
                found.params.emplace_back(best->segments[i].text, std::string(segments[i]));
        }
        return found;
    }
    if (allowed == 0)
        return NoRoute {};
    MethodNotAllowed refusal;
    for (auto const listed : allow_order) {
        if (allowed & method_bit(listed)) {
            if (!refusal.allow.empty())
                refusal.allow += ", ";
            refusal.allow += method_name(listed);
        }
    }
    return refusal;
}

}
