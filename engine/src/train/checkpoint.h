// Training checkpoints that survive a kill at any moment.
//
// <output>/checkpoints/step-000120/ holds params.safetensors (trainable tensors, plus the V3
// correction biases when they are updated), optimizer.safetensors (AdamW m and v) and state.json
// (step, per-tensor AdamW step counts, dropout RNG state, metrics so far). The folder is written
// as step-000120.partial-<pid> — each file through temp + fsync + rename — and renamed into place
// only when complete (then the parent folder is synced), so a checkpoint folder either exists
// whole or not at all. Leftover .partial folders of a killed run are removed when a run resumes.
#pragma once

#include "train/optimizer.h"
#include "train/train_model.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace dsw::train {

struct CheckpointState {
  int64_t step = 0;
  nlohmann::json history = nlohmann::json::array();  // per-step metrics
};

// Writes checkpoint `state.step`; keeps the newest `keep` checkpoints.
std::filesystem::path save_checkpoint(const std::filesystem::path& out_dir, const CheckpointState& state, TrainModel& model, AdamW& opt,
                                      int64_t keep);

// Loads the newest complete checkpoint (removing partial folders); nullopt when there is none.
std::optional<CheckpointState> load_latest_checkpoint(const std::filesystem::path& out_dir, TrainModel& model, AdamW& opt);

// Removes what a killed run can leave behind: AtomicFile temporaries and .partial folders.
void remove_stale_files(const std::filesystem::path& out_dir);

// The complete checkpoint folders, oldest first.
std::vector<std::filesystem::path> list_checkpoints(const std::filesystem::path& out_dir);

}  // namespace dsw::train
