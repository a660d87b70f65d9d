// ServeTicket (the hand-over between the scheduler and a submitter), ServedModel and the names.
#include <dsw/serve.h>

#include <filesystem>

namespace dsw {

std::string_view schedule_policy_name(SchedulePolicy p) noexcept {
  switch (p) {
    case SchedulePolicy::fcfs: return "fcfs";
    case SchedulePolicy::longest_first: return "longest_first";
    case SchedulePolicy::shortest_first: return "shortest_first";
  }
  return "fcfs";
}

std::optional<SchedulePolicy> schedule_policy_from_name(std::string_view name) noexcept {
  for (auto p : {SchedulePolicy::fcfs, SchedulePolicy::longest_first, SchedulePolicy::shortest_first})
    if (schedule_policy_name(p) == name) return p;
  return std::nullopt;
}

std::string_view finish_reason_name(FinishReason r) noexcept {
  switch (r) {
    case FinishReason::stop: return "stop";
    case FinishReason::length: return "length";
    case FinishReason::cancelled: return "cancelled";
    case FinishReason::error: return "error";
  }
  return "stop";
}

std::optional<int32_t> ServedModel::resolve(std::string_view name) const {
  if (name.empty() || name == id) return -1;
  for (size_t i = 0; i < adapter_ids.size(); ++i)
    if (adapter_ids[i] == name) return int32_t(i);
  for (const auto& a : aliases)
    if (a == name) return -1;
  return std::nullopt;
}

std::shared_ptr<ServedModel> make_served_model(std::shared_ptr<const Runner> runner, std::string id) {
  auto m = std::make_shared<ServedModel>();
  if (runner) m->path = runner->model()->files().path.string();
  if (id.empty() && runner) {
    // "models/coder-1.3b/" -> "coder-1.3b", "x/stories.gguf" -> "stories"
    std::filesystem::path p = runner->model()->files().path.lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    id = std::filesystem::is_directory(p) ? p.filename().string() : p.stem().string();
    if (id.empty()) id = "model";
  }
  m->id = std::move(id);
  m->runner = std::move(runner);
  if (m->runner) m->adapter_ids = m->runner->model()->adapter_names();
  return m;
}

bool ServeTicket::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lk(m_);
  return cv_.wait_for(lk, timeout, [&] { return has_output_ || done_; });
}

ServeOutput ServeTicket::take() {
  std::lock_guard lk(m_);
  ServeOutput out = std::move(pending_);
  pending_ = ServeOutput{};
  if (out.finished) pending_.finished = true;  // later takes still say so
  pending_.reason = out.reason;
  has_output_ = false;
  return out;
}

void ServeTicket::cancel() noexcept { cancel_.store(true, std::memory_order_relaxed); }
bool ServeTicket::cancelled() const noexcept { return cancel_.load(std::memory_order_relaxed); }

void ServeTicket::push(std::string_view text, int32_t token) {
  {
    std::lock_guard lk(m_);
    pending_.text.append(text);
    if (!text.empty()) pending_.pieces.emplace_back(text);
    if (token >= 0) pending_.tokens.push_back(token);
    has_output_ = true;
  }
  cv_.notify_all();
}

void ServeTicket::finish(const ServeOutput& totals) {
  {
    std::lock_guard lk(m_);
    pending_.text.append(totals.text);
    if (!totals.text.empty()) pending_.pieces.push_back(totals.text);
    pending_.finished = true;
    pending_.reason = totals.reason;
    pending_.error = totals.error;
    pending_.prompt_tokens = totals.prompt_tokens;
    pending_.completion_tokens = totals.completion_tokens;
    pending_.queue_seconds = totals.queue_seconds;
    pending_.ttft_seconds = totals.ttft_seconds;
    pending_.total_seconds = totals.total_seconds;
    has_output_ = true;
    done_ = true;
  }
  cv_.notify_all();
}

}  // namespace dsw
