// Server keys kept in files of the data folder (mode 0600), made on first use: the key that
// seals secrets at rest (secret.key) and the key of sign-in form tokens (csrf.key). Outside the
// database so a leaked backup does not give them away; in files so they survive restarts and
// can be shared by nodes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace auth {

inline constexpr std::size_t key_file_bytes = 32;

// Reads the key (32 raw bytes, or 64 hex digits), or creates the file with fresh random bytes
// when it does not exist. Creation is atomic and durable (written aside, fsync'd, link()ed
// into place, folder fsync'd), so two processes starting together end up with the same key.
// Throws std::runtime_error naming the file when it cannot be read or created, or holds no key.
// The caller should sodium_memzero the key once it has copied it where it lives.
std::vector<unsigned char> load_or_create_key_file(std::filesystem::path const& file);

}
