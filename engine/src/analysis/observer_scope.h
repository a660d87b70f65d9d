// ObserverScope: installs an observer on a session for one scope, removing it however the scope
// ends (an engine error, a cancelled forward), so no session keeps pointing at a dead observer.
#pragma once

#include <dsw/observer.h>
#include <dsw/session.h>

namespace dsw {

class ObserverScope {
 public:
  ObserverScope(Session& s, Observer* o) : s_(s) { s_.set_observer(o); }
  ~ObserverScope() { s_.set_observer(nullptr); }
  ObserverScope(const ObserverScope&) = delete;
  ObserverScope& operator=(const ObserverScope&) = delete;

 private:
  Session& s_;
};

}  // namespace dsw
