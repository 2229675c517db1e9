// A file compiled into the binary (see cmake/embed.cmake): the default theme,
// the migrations and the demo content travel inside the one `tribune` binary.
#pragma once

#include <span>
#include <string_view>

namespace core {

struct EmbeddedFile {
    std::string_view path; // relative to the embedded folder, with '/' separators
    std::string_view bytes;
};

}
