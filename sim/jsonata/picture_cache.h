// A small cache of analysed picture strings, one per thread, so that a picture evaluated over many
// items ($fromMillis over an array, $formatNumber in a map) is analysed once instead of on every
// call. The analysis is a pure function of the key, so a cached entry is always the value a fresh
// analysis would give: results never depend on what was cached before.
//
// One instance per thread (declared thread_local by its user): no lock, nothing shared between
// evaluations running at once. Bounded: a fixed number of slots, least recently used replaced,
// and keys longer than kLongestKeyBytes are analysed every time and never stored, so a hostile
// picture cannot pin memory. Not here: what the key means or how to analyse it (the caller's).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/assert.h"

namespace wfsim::jsonata::picture::detail {

template <class Analysed>
class PictureCache {
 public:
  static constexpr size_t kSlots = 16;
  static constexpr size_t kLongestKeyBytes = 4096;

  // The analysis of `key`, from the cache or from analyse() (a callable returning Analysed). The
  // reference stays valid until the next call on this cache; callers use it within one picture
  // function call, which never calls back into the same cache.
  template <class Analyse>
  const Analysed& find_or_analyse(std::string_view key, Analyse&& analyse) {
    WFSIM_ASSERT_MSG(!busy_, "a picture cache was entered again while analysing");
    for (Slot& slot : slots_) {
      if (slot.last_used != 0 && slot.key == key) {
        slot.last_used = ++clock_;
        WFSIM_ASSERT(slot.value.has_value());
        return *slot.value;
      }
    }
    busy_ = true;
    struct Release {
      bool& busy;
      ~Release() { busy = false; }
    } release{busy_};
    if (key.size() > kLongestKeyBytes) {
      uncached_.emplace(analyse());
      return *uncached_;
    }
    Slot* victim = &slots_[0];
    for (Slot& slot : slots_) {
      if (slot.last_used < victim->last_used) victim = &slot;
    }
    // Emptied first: if analysis or a copy throws (out of memory), no key is left paired with
    // another key's analysis.
    victim->last_used = 0;
    victim->value.reset();
    victim->value.emplace(analyse());
    victim->key.assign(key);
    victim->last_used = ++clock_;
    return *victim->value;
  }

 private:
  struct Slot {
    std::string key;
    std::optional<Analysed> value;
    uint64_t last_used = 0;  // 0 = empty
  };
  std::array<Slot, kSlots> slots_{};
  std::optional<Analysed> uncached_;
  uint64_t clock_ = 0;
  bool busy_ = false;
};

}  // namespace wfsim::jsonata::picture::detail
