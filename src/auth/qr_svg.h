// QR codes as inline SVG, for showing an otpauth:// URI to an authenticator app's camera
// (libqrencode, error correction level M, 8-bit mode). The SVG has no style attribute and no
// script, so it can sit inline in a page under a strict CSP. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace auth {

// Modules of white border around the symbol; ISO/IEC 18004 asks for 4.
inline constexpr int qr_quiet_zone = 4;

// An <svg> whose viewBox counts modules (symbol plus quiet zone): a white square and one
// black <path> of the dark modules. `label` becomes its aria-label, escaped. Throws
// std::length_error when the text does not fit in a QR code (about 2,300 bytes at level M).
std::string qr_svg(std::string_view text, std::string_view label = "QR code");

}
