// A random server key kept in a file of the data folder (mode 0600), made on first use: the
// key of the anonymous CSRF tokens (csrf.key). Kept outside the database so a leaked backup
// does not give it away, and in a file so it survives restarts and can be shared by nodes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace cli {

inline constexpr std::size_t server_key_bytes = 32;

// Reads the key file (exactly server_key_bytes raw bytes), or creates it with fresh random
// bytes when it does not exist. Creation is atomic (written aside, then link()ed into place),
// so two processes starting together end up with the same key. Throws std::runtime_error
// naming the file when it cannot read or create it, or when it has the wrong size.
std::vector<unsigned char> load_or_create_key_file(std::filesystem::path const& file);

}
