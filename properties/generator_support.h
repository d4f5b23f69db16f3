// Picks shared by the generators (internal to properties/): every pick is a RapidCheck draw
// that shrinks towards the simpler answer, so that shrunk counterexamples lose features.
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <initializer_list>
#include <utility>

namespace wfsim::properties::detail {

// A uniform draw from [low, high), shrinking towards low. Unlike a bare rc::gen::inRange, whose
// range grows with RapidCheck's size (so the first cases of a run would only ever see `low`, and
// every feature drawn with a percentage would stay off), every case sees the whole range.
template <typename T>
T in_range(T low, T high) {
  return *rc::gen::resize(100, rc::gen::inRange<T>(low, high));
}

// True with the given percentage; shrinks to false.
inline bool chance(int percent) { return in_range(0, 100) >= 100 - percent; }

// One of `choices`, each with probability weight / total; shrinks towards the first choice
// with a positive weight (RapidCheck's weightedElement does not shrink at all).
template <typename T>
T pick(std::initializer_list<std::pair<size_t, T>> choices) {
  size_t total = 0;
  for (const auto& choice : choices) total += choice.first;
  size_t x = in_range<size_t>(0, total);
  for (const auto& choice : choices) {
    if (x < choice.first) return choice.second;
    x -= choice.first;
  }
  return choices.begin()->second;  // Unreachable: x < total.
}

}  // namespace wfsim::properties::detail
