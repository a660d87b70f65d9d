// Paths that are not regular files — a FIFO (open() would wait forever for a writer), a character
// device (/dev/zero never ends), a socket, a folder — given to every loader, directly or as a
// file inside a model folder. Each load runs in a child process under a 10-second alarm, so a
// loader that blocks fails the test instead of hanging it; each must fail with an io error that
// names the path and says what it is.
#include "check.h"

#include <dsw/gguf.h>
#include <dsw/llama2c.h>
#include <dsw/model_config.h>
#include <dsw/model_files.h>
#include <dsw/safetensors.h>
#include <dsw/store.h>
#include <dsw/tokenizer.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

// Runs `load` in a child under alarm(10); returns its Status as "code|message", or a description
// of how the child died.
std::string in_child(const std::function<Status()>& load) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    alarm(10);
    Status s = load();
    std::string out = std::string(status_code_name(s.code())) + "|" + s.message();
    ssize_t n = write(fds[1], out.data(), out.size());
    (void)n;
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) return "child killed by signal " + std::to_string(WTERMSIG(st)) + (WTERMSIG(st) == SIGALRM ? " (it blocked)" : "");
  return out;
}

void expect_refused(const std::string& what, const std::function<Status()>& load, const fs::path& path, std::string_view kind) {
  std::string got = in_child(load);
  bool ok = got.rfind("io|", 0) == 0 && got.find(path.string()) != std::string::npos && got.find(kind) != std::string::npos;
  if (!ok) std::printf("    %s: %s\n", what.c_str(), got.c_str());
  CHECK(ok);
}

fs::path make_fifo(const fs::path& p) {
  REQUIRE(mkfifo(p.c_str(), 0600) == 0);
  return p;
}

fs::path make_socket(const fs::path& p) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(p.string().size() < sizeof addr.sun_path);
  std::strcpy(addr.sun_path, p.c_str());
  REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return p;  // the descriptor stays open for the test's life; the file is what matters
}

// Every loader a path can reach, by the file name it is given.
std::vector<std::pair<std::string, std::function<Status(const fs::path&)>>> loaders_for(const std::string& name) {
  std::vector<std::pair<std::string, std::function<Status(const fs::path&)>>> out;
  out.push_back({"open_model", [](const fs::path& p) { return open_model(p).status(); }});
  out.push_back({"load_tokenizer", [](const fs::path& p) { return load_tokenizer(p).status(); }});
  if (name.ends_with(".gguf")) out.push_back({"GgufFile::open", [](const fs::path& p) { return GgufFile::open(p).status(); }});
  if (name.ends_with(".bin")) out.push_back({"open_llama2c", [](const fs::path& p) { return open_llama2c(p).status(); }});
  if (name.ends_with(".json")) out.push_back({"load_model_config", [](const fs::path& p) { return load_model_config(p).status(); }});
  if (name.ends_with(".safetensors")) out.push_back({"load_safetensors", [](const fs::path& p) {
                                                       TensorStore s;
                                                       return load_safetensors(p, s);
                                                     }});
  if (name.ends_with(".index.json")) out.push_back({"load_sharded_safetensors", [](const fs::path& p) {
                                                      TensorStore s;
                                                      return load_sharded_safetensors(p, s);
                                                    }});
  if (name.ends_with(".db")) {
    out = {};
    out.push_back({"Store::open", [](const fs::path& p) { return Store::open(p).status(); }});
    out.push_back({"Store::open read-only", [](const fs::path& p) { return Store::open(p, {.read_only = true}).status(); }});
  }
  return out;
}

const char* const kNames[] = {"model.gguf", "model.bin", "model.safetensors", "config.json", "tokenizer.json",
                              "tokenizer.model", "model.safetensors.index.json", "workbench.db"};

}  // namespace

DSW_TEST(fifos_are_refused_without_blocking) {
  for (const char* name : kNames) {
    fs::path p = make_fifo(temp_dir() / name);
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " " + name, [&] { return load(p); }, p, "FIFO");
  }
}

DSW_TEST(devices_sockets_and_folders_are_refused) {
  for (const char* name : kNames) {
    fs::path dir = temp_dir();
    fs::path dev = dir / name;
    fs::create_symlink("/dev/zero", dev);  // a character device that never ends
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " -> /dev/zero", [&] { return load(dev); }, dev, "character device");
    fs::path sock = make_socket(temp_dir() / name);
    for (auto& [what, load] : loaders_for(name)) expect_refused(what + " socket", [&] { return load(sock); }, sock, "socket");
  }
  fs::path folder = temp_dir() / "model.safetensors";
  fs::create_directory(folder);
  std::string got = in_child([&] {
    TensorStore s;
    return load_safetensors(folder, s);
  });
  CHECK(got.rfind("io|", 0) == 0 && got.find("folder") != std::string::npos);
}

DSW_TEST(fifos_inside_a_model_folder_are_refused) {
  // A folder whose config.json, tokenizer.json or generation_config.json is a FIFO: refused naming
  // that file, not taken for "missing" and not waited on.
  for (const char* inner : {"config.json", "tokenizer.json", "generation_config.json", "tokenizer_config.json"}) {
    fs::path dir = temp_dir();
    if (std::string(inner) != "config.json")
      std::ofstream(dir / "config.json") << R"({"model_type": "llama", "hidden_size": 8, "intermediate_size": 16,
        "num_hidden_layers": 1, "num_attention_heads": 2, "vocab_size": 4})";
    if (std::string(inner) != "tokenizer.json") std::ofstream(dir / "tokenizer.json") << R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})";
    fs::path fifo = make_fifo(dir / inner);
    // tokenizer_config.json belongs to the tokenizer; config.json and generation_config.json to the model.
    const bool tokenizer_side = std::string(inner) == "tokenizer.json" || std::string(inner) == "tokenizer_config.json";
    auto load = [&]() -> Status {
      return tokenizer_side ? load_tokenizer(dir).status() : open_model(dir, {.config_only = true}).status();
    };
    expect_refused(std::string("folder with a FIFO ") + inner, load, fifo, "FIFO");
  }
}
