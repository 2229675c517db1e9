#include "auth/qr_svg.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace auth {

namespace {

struct FreeQrCode {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// The label goes into an attribute: escape what could end it or start markup.
std::string escape_attribute(std::string_view text)
{
    std::string out;
    for (char const c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

}

std::string qr_svg(std::string_view text, std::string_view label)
{
    // QRcode_encodeData is 8-bit mode for any bytes (QRcode_encodeString with QR_MODE_8 would
    // stop at a NUL); version 0 lets the library pick the smallest symbol that fits.
    std::unique_ptr<QRcode, FreeQrCode> code(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<unsigned char const*>(text.data()), 0, QR_ECLEVEL_M));
    if (!code) {
        if (errno == ERANGE || errno == EINVAL)
            throw std::length_error("text too long for a QR code");
        throw std::system_error(errno, std::generic_category(), "QRcode_encodeData");
    }

    int const width = code->width;
    int const size = width + 2 * qr_quiet_zone;
    auto const dimension = std::to_string(size);
    std::string svg = R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + dimension + " " + dimension
        + R"(" role="img" aria-label=")" + escape_attribute(label) + R"(" shape-rendering="crispEdges">)"
        + R"(<rect width=")" + dimension + R"(" height=")" + dimension + R"(" fill="#fff"/><path fill="#000" d=")";
    // Each horizontal run of dark modules is one rectangle: "M x y h n v 1 h -n z".
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width;) {
            // libqrencode: bit 0 of each byte is 1 for a dark module.
            if (!(code->data[y * width + x] & 1)) {
                ++x;
                continue;
            }
            int run = 0;
            while (x + run < width && (code->data[y * width + x + run] & 1))
                ++run;
            svg += "M" + std::to_string(x + qr_quiet_zone) + " " + std::to_string(y + qr_quiet_zone) + "h" + std::to_string(run)
                + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    svg += R"("/></svg>)";
    return svg;
}

}
