// The SHA-256 that identifies a model's weights in benchmark rows and reports.
#pragma once

#include <dsw/hash.h>
#include <dsw/job.h>
#include <dsw/model_files.h>
#include <dsw/status.h>

#include <string>
#include <vector>

namespace dsw {

class Store;

// One digest for a set of files: for a single file its own SHA-256 (what `sha256sum FILE`
// prints); for several, the SHA-256 of the `sha256sum`-style lines "<hex>  <file name>\n" in the
// order given (file names only, so a model moved to another folder keeps its digest).
std::string combined_sha256(const std::vector<FileHash>& files);

// The combined SHA-256 of a model's weight files. With a store, files whose path, size and
// modification time match a remembered hash are not read again, and new hashes are remembered.
// Progress: phase "hash", unit "bytes"; cancellable.
Result<std::string> model_sha256(const ModelFiles& model, Store* cache = nullptr, const JobContext& job = no_job());

}  // namespace dsw
