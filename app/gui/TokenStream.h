// TokenStream: the hand-over buffer between a generating ModelWorker and the Playground.
//
// The worker pushes each token under a mutex and learns whether the buffer was empty; only then
// does it emit its cheap tokensPending signal. The Playground, on the GUI thread, arms a ~40 ms
// single-shot timer if it is idle and drains everything in one lock, so the transcript, the token
// view and the chart update once per batch however fast the model runs (PlotJuggler's pattern).
// Threading: push() from the worker thread, drain() from the GUI thread; both are thread-safe.
#pragma once

#include "WorkerTypes.h"

#include <QMutex>
#include <QVector>

class TokenStream {
 public:
  // Returns true when the buffer was empty before this push (the caller then signals).
  bool push(StreamedToken token) {
    QMutexLocker lock(&m_mutex);
    const bool wasEmpty = m_pending.isEmpty();
    m_pending.append(std::move(token));
    return wasEmpty;
  }
  QVector<StreamedToken> drain() {
    QMutexLocker lock(&m_mutex);
    QVector<StreamedToken> out;
    out.swap(m_pending);
    return out;
  }
  void clear() {
    QMutexLocker lock(&m_mutex);
    m_pending.clear();
  }

 private:
  QMutex m_mutex;
  QVector<StreamedToken> m_pending;
};
