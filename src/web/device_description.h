// A readable name for the device behind a session, made from its User-Agent header, for the
// "your sessions" page: "Firefox on Linux", "Safari on iPhone", "curl". Only a hint for the
// member to recognise their own devices: the header is whatever the client chose to send, so
// nothing may depend on it. Pure; safe on any thread.
#pragma once

#include <string>
#include <string_view>

namespace web {

// "Browser on System", the browser or the system alone when only one is known ("Unknown
// browser on Linux"), a command-line tool's name, or "Unknown device".
std::string describe_device(std::string_view user_agent);

}
