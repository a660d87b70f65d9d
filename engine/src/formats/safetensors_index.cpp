// Sharded safetensors checkpoints: model.safetensors.index.json and its shards (formats.md §1.4,
// reliability.md case 23).
//
// The index comes from the checkpoint, so its shard names are hostile: a name may only be a plain
// relative path (no '..', no absolute path, no backslash or drive letter), and after resolving
// symlinks the file must still lie inside the index's folder. The one exception is the Hugging
// Face hub cache layout, where every file of `<repo>/snapshots/<rev>/` is a symlink into
// `<repo>/blobs/`: targets inside that sibling blobs folder are accepted. Every tensor named in
// weight_map must be in exactly the shard it names; a name found in two shards is an error;
// tensors that weight_map does not list are ignored with a warning, as transformers does.
// Safe to call from any thread.
#include <dsw/safetensors.h>

#include <dsw/log.h>

#include "core/error.h"
#include "core/json_strict.h"
#include "core/mapped_file.h"
#include "formats/safetensors_internal.h"

#include <cmath>
#include <fstream>
#include <set>
#include <unordered_map>

namespace dsw {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kMaxSymlinkHops = 40;               // as the kernel's ELOOP limit

// Why a weight_map shard name is not a plain relative path, or empty when it is one.
std::string shard_name_problem(std::string_view s) {
  if (s.empty()) return "is empty";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "contains control characters";
    if (c == '\\') return "contains a backslash";
    if (c == ':') return "contains ':' (a drive letter or stream name)";
  }
  if (s.front() == '/') return "is an absolute path";
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    std::string_view part = s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty()) return "has an empty path component";
    if (part == "." || part == "..") return "has a '" + std::string(part) + "' component";
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return {};
}

// True when `p` is `root` or lies below it (both absolute and normalised).
bool is_within(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    if (ri->empty() && std::next(ri) == root.end()) break;  // a trailing separator
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

// The hub cache's blobs folder when `root` is `<repo>/snapshots/<rev>`, else empty.
fs::path hub_cache_blobs(const fs::path& root) {
  fs::path snapshots = root.parent_path();
  if (snapshots.filename() != "snapshots") return {};
  std::error_code ec;
  fs::path blobs = fs::canonical(snapshots.parent_path() / "blobs", ec);
  return ec ? fs::path() : blobs;
}

// Resolves `root/shard` through every symlink, dangling ones included, so that a link pointing
// outside is refused as such even when its target does not exist.
fs::path resolve_shard(const fs::path& root, const std::string& shard, const std::string& index_name) {
  auto fail_here = [&](StatusCode code, const std::string& m) {
    fail(code, index_name + ": shard " + quote_for_message(shard) + " " + m);
  };
  fs::path cur = root / fs::path(shard);
  for (int hops = 0;; ++hops) {
    std::error_code ec;
    cur = fs::weakly_canonical(cur, ec);
    if (ec) fail_here(StatusCode::io, "cannot be resolved: " + ec.message());
    auto st = fs::symlink_status(cur, ec);
    if (ec || !fs::is_symlink(st)) break;  // resolved, or missing (checked below)
    if (hops == kMaxSymlinkHops) fail_here(StatusCode::invalid_input, "goes through too many symlinks");
    fs::path target = fs::read_symlink(cur, ec);
    if (ec) fail_here(StatusCode::io, "cannot read its symlink: " + ec.message());
    cur = target.is_absolute() ? target : cur.parent_path() / target;
  }
  fs::path blobs = hub_cache_blobs(root);
  if (!is_within(cur, root) && (blobs.empty() || !is_within(cur, blobs)))
    fail_here(StatusCode::invalid_input, "resolves to " + quote_for_message(cur.string()) +
                                             ", outside the model folder " + quote_for_message(root.string()));
  std::error_code ec;
  auto st = fs::status(cur, ec);
  if (!fs::exists(st)) fail_here(StatusCode::io, "is listed in weight_map but missing");
  if (!fs::is_regular_file(st)) fail_here(StatusCode::io, "is not a regular file");
  return cur;
}

std::string read_index_text(const fs::path& path) { return read_input_file(path, InputKind::safetensors_index); }

SafetensorsIndex parse_index(std::string_view text, const std::string& name) {
  // nlohmann's lexer ends the input at a NUL byte; refuse one rather than ignore what follows it.
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    fail_invalid(name + ": invalid JSON: NUL byte at byte " + std::to_string(nul));
  json j;
  try {
    j = parse_json_strict(text, name);
  } catch (const Error& e) {
    // The parser's detail may quote raw bytes of the input (invalid UTF-8): keep messages ASCII.
    fail(e.status().code(), escape_for_message(e.status().message(), true, 600));
  }
  if (!j.is_object()) fail_invalid(name + ": the index must be a JSON object, got " + json_type_name(j));
  SafetensorsIndex index;
  if (auto m = j.find("metadata"); m != j.end() && !m->is_null()) {
    if (!m->is_object()) fail_invalid(name + ": metadata must be an object, got " + json_type_name(*m));
    if (auto ts = m->find("total_size"); ts != m->end() && !ts->is_null()) {
      // Some converters wrote the size as a float; accept it when it is a whole number.
      double d = ts->is_number_float() ? ts->get<double>() : -1.0;
      if (ts->is_number_unsigned())
        index.total_size = ts->get<uint64_t>();
      else if (d >= 0 && d < 18446744073709551616.0 && std::floor(d) == d)
        index.total_size = uint64_t(d);
      else
        fail_invalid(name + ": metadata.total_size must be a non-negative integer, got " + json_type_name(*ts) + " " +
                     quote_for_message(ts->dump(), true));
    }
  }
  auto wm = j.find("weight_map");
  if (wm == j.end()) fail_invalid(name + ": the index has no weight_map");
  if (!wm->is_object())
    fail_invalid(name + ": weight_map must be an object of tensor name -> shard file name, got " + json_type_name(*wm));
  if (wm->empty()) fail_invalid(name + ": weight_map lists no tensors");
  std::set<std::string> shards;
  for (auto it = wm->begin(); it != wm->end(); ++it) {
    const std::string& tensor = it.key();
    if (tensor.empty()) fail_invalid(name + ": weight_map has an empty tensor name");
    std::string entry = name + ": weight_map entry " + quote_for_message(tensor);
    if (!it->is_string()) fail_invalid(entry + " must be a shard file name string, got " + json_type_name(*it));
    const auto& shard = it->get_ref<const std::string&>();
    if (auto why = shard_name_problem(shard); !why.empty())
      fail_invalid(entry + ": shard name " + quote_for_message(shard) + " " + why +
                   "; shard names must be relative paths inside the model folder");
    index.weight_map.emplace(tensor, shard);
    shards.insert(shard);
  }
  index.shards.assign(shards.begin(), shards.end());
  return index;
}

struct Shard {
  std::string name;
  std::shared_ptr<MappedFile> file;
  SafetensorsHeader header;
};

void load_sharded(const fs::path& index_path, TensorStore& store, const SafetensorsLimits& limits) {
  const std::string index_name = index_path.filename().string();
  const std::string text = read_index_text(index_path);
  SafetensorsIndex index = unwrap(parse_safetensors_index(text, index_name));

  fs::path folder = index_path.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code ec;
  fs::path root = fs::canonical(folder, ec);
  if (ec) fail_io(folder.string() + ": cannot resolve the model folder: " + ec.message());

  // Resolve every shard before mapping any, so a hostile name is refused without touching files.
  std::vector<fs::path> paths;
  for (const auto& s : index.shards) paths.push_back(resolve_shard(root, s, index_name));
  std::vector<Shard> shards(index.shards.size());
  for (size_t i = 0; i < shards.size(); ++i) {
    shards[i].name = index.shards[i];
    try {
      shards[i].file = MappedFile::open(paths[i]);
      shards[i].header = unwrap(parse_safetensors(shards[i].file->bytes(), shards[i].name, limits));
    } catch (const Error& e) {
      fail(e.status().code(), index_name + ": " + e.status().message());
    }
  }

  // Which shard holds each tensor; a name in two shards is ambiguous whatever weight_map says.
  size_t total = 0;
  for (const auto& s : shards) total += s.header.tensors.size();
  std::unordered_map<std::string_view, size_t> holder;
  holder.reserve(total);
  for (size_t i = 0; i < shards.size(); ++i)
    for (const auto& t : shards[i].header.tensors) {
      auto [it, inserted] = holder.emplace(t.name, i);
      if (!inserted)
        fail_invalid(index_name + ": tensor " + quote_for_message(t.name) + " is in two shards, " +
                     quote_for_message(shards[it->second].name) + " and " + quote_for_message(shards[i].name));
    }
  for (const auto& [tensor, shard] : index.weight_map) {
    auto it = holder.find(tensor);
    std::string listed = index_name + ": tensor " + quote_for_message(tensor) + " is listed in weight_map under shard " +
                         quote_for_message(shard);
    if (it == holder.end()) fail_invalid(listed + ", but no shard holds it");
    if (shards[it->second].name != shard)
      fail_invalid(listed + ", but it is stored in shard " + quote_for_message(shards[it->second].name));
  }

  std::vector<TensorEntry> entries;
  entries.reserve(index.weight_map.size());
  std::vector<std::string> ignored;
  for (const auto& s : shards)
    for (auto& e : make_safetensors_entries(s.file, s.header, s.name)) {
      if (index.weight_map.count(e.name))
        entries.push_back(std::move(e));
      else
        ignored.push_back(e.name);
    }
  if (!ignored.empty()) {
    std::string m = index_name + ": ignored " + std::to_string(ignored.size()) +
                     " tensor(s) that the shards hold but weight_map does not list:";
    for (size_t i = 0; i < ignored.size() && i < 5; ++i) {
      m += ' ';
      m += quote_for_message(ignored[i]);
    }
    if (ignored.size() > 5) m += " ...";
    log_message(LogLevel::warn, m);
  }
  add_entries_to_store(std::move(entries), store);
}

}  // namespace

Result<SafetensorsIndex> parse_safetensors_index(std::string_view json_text, std::string_view name) {
  return guard([&] { return parse_index(json_text, std::string(name)); });
}

Status load_sharded_safetensors(const std::filesystem::path& index_path, TensorStore& store,
                                const SafetensorsLimits& limits) {
  return guard([&] { load_sharded(index_path, store, limits); });
}

}  // namespace dsw
