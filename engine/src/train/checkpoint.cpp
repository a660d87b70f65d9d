// Atomic checkpoint folders (see checkpoint.h).
#include "train/checkpoint.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json_strict.h"

#include <dsw/safetensors.h>
#include <dsw/safetensors_writer.h>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <sstream>
#include <unistd.h>

namespace dsw::train {
namespace {

void sync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string step_name(int64_t step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "step-%06lld", (long long)step);
  return buf;
}

bool is_step_dir(const std::filesystem::path& p) {
  const std::string n = p.filename().string();
  if (n.size() != 11 || n.rfind("step-", 0) != 0) return false;
  return std::all_of(n.begin() + 5, n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<std::filesystem::path> list_checkpoints(const std::filesystem::path& out_dir) {
  std::vector<std::filesystem::path> out;
  const auto dir = out_dir / "checkpoints";
  if (!std::filesystem::is_directory(dir)) return out;
  for (auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_directory() && is_step_dir(e.path()) && std::filesystem::exists(e.path() / "state.json")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path save_checkpoint(const std::filesystem::path& out_dir, const CheckpointState& state, TrainModel& model, AdamW& opt,
                                      int64_t keep) {
  const auto dir = out_dir / "checkpoints";
  std::filesystem::create_directories(dir);
  const auto final_dir = dir / step_name(state.step);
  const auto tmp = dir / (step_name(state.step) + ".partial-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp);
  std::filesystem::create_directories(tmp);

  std::vector<TensorToWrite> params, moments;
  nlohmann::json adam_steps = nlohmann::json::object();
  auto& st = opt.state();
  size_t i = 0;
  for (auto& p : model.params().all()) {
    if (!p.trainable) continue;
    params.push_back({p.name, DType::f32, Shape{p.numel()}, {}, p.data.data()});
    if (i < st.size() && !st[i].m.empty()) {
      moments.push_back({"m." + p.name, DType::f32, Shape{p.numel()}, {}, st[i].m.data()});
      moments.push_back({"v." + p.name, DType::f32, Shape{p.numel()}, {}, st[i].v.data()});
      adam_steps[p.name] = st[i].step;
    }
    ++i;
  }
  int64_t l = 0;
  for (auto& L : model.layers()) {
    if (L.moe && !L.moe_w.score_bias.empty())
      params.push_back({"score_bias." + std::to_string(l), DType::f32, Shape{int64_t(L.moe_w.score_bias.size())}, {},
                        L.moe_w.score_bias.data()});
    ++l;
  }
  throw_if_error(write_safetensors(tmp / "params.safetensors", params));
  throw_if_error(write_safetensors(tmp / "optimizer.safetensors", moments));
  std::ostringstream rng;
  rng << model.rng();
  nlohmann::json js{{"step", state.step}, {"adam_steps", adam_steps}, {"rng", rng.str()}, {"history", state.history}};
  {
    AtomicFile f(tmp / "state.json");
    f.write(js.dump(1) + "\n");
    f.commit();
  }
  sync_dir(tmp);
  std::filesystem::remove_all(final_dir);
  std::filesystem::rename(tmp, final_dir);
  sync_dir(dir);
  auto all = list_checkpoints(out_dir);
  for (size_t k = 0; keep > 0 && k + size_t(keep) < all.size(); ++k) std::filesystem::remove_all(all[k]);
  return final_dir;
}

void remove_stale_files(const std::filesystem::path& out_dir) {
  // A killed run may leave AtomicFile temporaries (".<name>.tmp<digits>") and partial checkpoint
  // folders; neither is ever read.
  auto is_temp = [](const std::string& n) {
    const auto p = n.rfind(".tmp");
    return n.size() > 1 && n[0] == '.' && p != std::string::npos && p + 4 < n.size() &&
           std::all_of(n.begin() + long(p) + 4, n.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::error_code ec;
  for (const auto& dir : {out_dir, out_dir / "checkpoints", out_dir / "adapter", out_dir / "model"}) {
    if (!std::filesystem::is_directory(dir, ec)) continue;
    for (auto& e : std::filesystem::directory_iterator(dir, ec)) {
      const std::string n = e.path().filename().string();
      if (n.find(".partial-") != std::string::npos || is_temp(n)) std::filesystem::remove_all(e.path(), ec);
    }
  }
}

std::optional<CheckpointState> load_latest_checkpoint(const std::filesystem::path& out_dir, TrainModel& model, AdamW& opt) {
  remove_stale_files(out_dir);
  auto all = list_checkpoints(out_dir);
  if (all.empty()) return std::nullopt;
  const auto cp = all.back();
  auto js = read_json_file(cp / "state.json", InputKind::train_state);
  TensorStore params, moments;
  throw_if_error(load_safetensors(cp / "params.safetensors", params));
  throw_if_error(load_safetensors(cp / "optimizer.safetensors", moments));
  auto& st = opt.state();
  st.clear();
  for (auto& p : model.params().all()) {
    if (!p.trainable) continue;
    const TensorEntry* e = params.find(p.name);
    if (!e || e->shape.numel() != p.numel() || e->dtype != DType::f32)
      fail_invalid((cp / "params.safetensors").string() + ": tensor '" + p.name + "' is missing or has another shape (was the run's config changed?)");
    std::memcpy(p.data.data(), e->tensor.data(), size_t(p.numel()) * sizeof(float));
    AdamState s;
    if (js["adam_steps"].contains(p.name)) {
      s.step = js["adam_steps"][p.name].get<int64_t>();
      const TensorEntry* m = moments.find("m." + p.name);
      const TensorEntry* v = moments.find("v." + p.name);
      if (!m || !v || m->shape.numel() != p.numel() || v->shape.numel() != p.numel())
        fail_invalid((cp / "optimizer.safetensors").string() + ": AdamW state of '" + p.name + "' is missing or has another shape");
      const float* mp = m->tensor.data_as<const float>();
      const float* vp = v->tensor.data_as<const float>();
      s.m.assign(mp, mp + p.numel());
      s.v.assign(vp, vp + p.numel());
    }
    st.push_back(std::move(s));
  }
  int64_t l = 0;
  for (auto& L : model.layers()) {
    if (L.moe && !L.moe_w.score_bias.empty())
      if (const TensorEntry* e = params.find("score_bias." + std::to_string(l)))
        std::memcpy(L.moe_w.score_bias.data(), e->tensor.data(), L.moe_w.score_bias.size() * sizeof(float));
    ++l;
  }
  std::istringstream rng(js["rng"].get<std::string>());
  rng >> model.rng();
  CheckpointState s;
  s.step = js["step"].get<int64_t>();
  s.history = js["history"];
  return s;
}

}  // namespace dsw::train
