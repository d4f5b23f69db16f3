// The event queue: pending events ordered by (time, sequence), with cheap cancellation.
//
// It is a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) over the time key. That is valid because
// virtual time never goes backwards: nothing may be scheduled before the last event popped. Events
// at the same time leave in sequence order through a small binary heap (bucket 0). Cancelling is
// O(1): every event owns a slot whose generation changes when it fires or is cancelled, and stale
// entries are dropped when the heap next touches them, or all at once when they outnumber the live
// ones, so memory stays proportional to the live events even when every heartbeat re-arms a
// deadline.
//
// It does not pick sequence numbers for tie shuffling, read clocks, or know what events mean;
// core/scheduler.h does the first and the world does the rest.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "core/assert.h"
#include "core/time.h"

namespace wfsim {

template <typename Payload>
class EventQueue {
 public:
  static constexpr uint32_t kNoSlot = std::numeric_limits<uint32_t>::max();

  // Identifies one scheduled event; stays safe to cancel after the event fired or was cancelled.
  struct Handle {
    uint32_t slot = kNoSlot;
    uint32_t generation = 0;
    bool valid() const { return slot != kNoSlot; }
  };

  struct Fired {
    Instant time;
    uint64_t sequence;
    Payload payload;
  };

  // Schedules with the next FIFO sequence number.
  Handle schedule(Instant at, Payload payload) {
    return schedule_with_sequence(at, next_sequence_++, std::move(payload));
  }

  // Schedules with a caller-chosen sequence (used to shuffle equal-time ties by a seeded draw).
  // Sequences must be unique among pending events at the same time.
  Handle schedule_with_sequence(Instant at, uint64_t sequence, Payload payload) {
    const uint64_t key = to_key(at);
    WFSIM_ASSERT_MSG(key >= floor_key_, "an event was scheduled before the current virtual time");
    if (key < last_key_) rebase(key);  // Only after a peek (next_time) that did not pop.
    const uint32_t slot = allocate_slot();
    slots_[slot].payload = std::move(payload);
    push(Entry{key, sequence, slot, slots_[slot].generation});
    ++live_;
    return Handle{slot, slots_[slot].generation};
  }

  // Cancels a pending event. Returns false (and changes nothing) if it already fired or was
  // cancelled.
  bool cancel(Handle handle) {
    if (!pending(handle)) return false;
    release_slot(handle.slot);
    --live_;
    ++dead_;
    if (dead_ > 2 * live_ + kCompactionFloor) compact();
    return true;
  }

  bool pending(Handle handle) const {
    return handle.slot < slots_.size() && slots_[handle.slot].generation == handle.generation &&
           slots_[handle.slot].in_use;
  }

  size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }
  // The time of the most recently popped event: nothing may be scheduled before it.
  Instant last_time() const { return from_key(floor_key_); }
  uint64_t next_sequence() const { return next_sequence_; }

  // The time of the earliest pending event. Precondition: !empty().
  Instant next_time() {
    bring_front();
    return from_key(buckets_[0].front().key);
  }

  // Removes and returns the earliest pending event. Precondition: !empty().
  Fired pop() {
    bring_front();
    std::vector<Entry>& front = buckets_[0];
    std::pop_heap(front.begin(), front.end(), LaterSequence{});
    const Entry entry = front.back();
    front.pop_back();
    floor_key_ = entry.key;
    Fired fired{from_key(entry.key), entry.sequence, std::move(slots_[entry.slot].payload)};
    release_slot(entry.slot);
    --live_;
    return fired;
  }

 private:
  static constexpr size_t kCompactionFloor = 4096;
  static constexpr size_t kBucketCount = 65;

  struct Entry {
    uint64_t key;
    uint64_t sequence;
    uint32_t slot;
    uint32_t generation;
  };
  struct Slot {
    uint32_t generation = 0;
    uint32_t next_free = kNoSlot;
    bool in_use = false;
    Payload payload{};
  };
  // Bucket 0 is a min-heap on sequence: all its entries share the key last_key_.
  struct LaterSequence {
    bool operator()(const Entry& a, const Entry& b) const { return a.sequence > b.sequence; }
  };

  // Signed microseconds to an order-preserving unsigned key.
  static uint64_t to_key(Instant t) { return static_cast<uint64_t>(t.unix_us()) ^ (1ULL << 63); }
  static Instant from_key(uint64_t key) {
    return Instant::from_unix_us(static_cast<int64_t>(key ^ (1ULL << 63)));
  }

  size_t bucket_of(uint64_t key) const {
    return key == last_key_ ? 0 : 64 - static_cast<size_t>(std::countl_zero(key ^ last_key_));
  }

  bool live(const Entry& e) const { return slots_[e.slot].generation == e.generation; }

  void push(const Entry& entry) {
    const size_t b = bucket_of(entry.key);
    buckets_[b].push_back(entry);
    if (b == 0) {
      std::push_heap(buckets_[0].begin(), buckets_[0].end(), LaterSequence{});
    } else {
      occupied_ |= 1ULL << (b - 1);
    }
  }

  // Makes bucket 0 hold the earliest live entry at its heap front.
  void bring_front() {
    WFSIM_ASSERT(live_ > 0);
    for (;;) {
      std::vector<Entry>& front = buckets_[0];
      while (!front.empty() && !live(front.front())) {
        std::pop_heap(front.begin(), front.end(), LaterSequence{});
        front.pop_back();
        --dead_;
      }
      if (!front.empty()) return;
      WFSIM_ASSERT_MSG(occupied_ != 0, "live events but no occupied bucket");
      const size_t b = static_cast<size_t>(std::countr_zero(occupied_)) + 1;
      redistribute(b);
    }
  }

  // Empties bucket b (the lowest occupied one) into lower buckets around its smallest live key.
  void redistribute(size_t b) {
    std::vector<Entry> moving;
    moving.swap(buckets_[b]);
    occupied_ &= ~(1ULL << (b - 1));
    // A flag, not a sentinel key: Instant::max() (a deadline saturated at the end of time) has
    // the largest key, and mistaking it for "nothing live" would re-file the entries into this
    // very bucket, which the swap below then empties.
    std::optional<uint64_t> smallest;
    for (const Entry& e : moving) {
      if (live(e)) smallest = std::min(smallest.value_or(e.key), e.key);
    }
    if (smallest) {
      WFSIM_ASSERT(*smallest >= last_key_);
      last_key_ = *smallest;
    }
    for (const Entry& e : moving) {
      if (live(e)) {
        push(e);
      } else {
        --dead_;
      }
    }
    moving.clear();
    buckets_[b].swap(moving);  // Bucket b is empty now; give it back its allocation.
  }

  // Re-files every entry around a smaller minimum key. Peeking moves the radix heap's minimum
  // forward to the next event; scheduling something earlier (but not before the last event
  // popped) afterwards must move it back. Rare: costs O(n).
  void rebase(uint64_t key) {
    std::vector<Entry> all;
    for (std::vector<Entry>& bucket : buckets_) {
      for (const Entry& e : bucket) {
        if (live(e)) {
          all.push_back(e);
        }
      }
      bucket.clear();
    }
    occupied_ = 0;
    dead_ = 0;
    last_key_ = key;
    for (const Entry& e : all) push(e);
  }

  void compact() {
    for (size_t b = 0; b < kBucketCount; ++b) {
      std::vector<Entry>& bucket = buckets_[b];
      std::erase_if(bucket, [this](const Entry& e) { return !live(e); });
      if (b == 0) {
        std::make_heap(bucket.begin(), bucket.end(), LaterSequence{});
      } else if (bucket.empty()) {
        occupied_ &= ~(1ULL << (b - 1));
      }
    }
    dead_ = 0;
  }

  uint32_t allocate_slot() {
    if (free_head_ == kNoSlot) {
      WFSIM_ASSERT(slots_.size() < kNoSlot);
      slots_.emplace_back();
      slots_.back().in_use = true;
      return static_cast<uint32_t>(slots_.size() - 1);
    }
    const uint32_t slot = free_head_;
    free_head_ = slots_[slot].next_free;
    slots_[slot].in_use = true;
    return slot;
  }

  void release_slot(uint32_t slot) {
    Slot& s = slots_[slot];
    ++s.generation;
    s.in_use = false;
    s.payload = Payload{};
    s.next_free = free_head_;
    free_head_ = slot;
  }

  std::array<std::vector<Entry>, kBucketCount> buckets_;
  std::vector<Slot> slots_;
  uint64_t occupied_ = 0;  // Bit b-1 set when bucket b (1..64) may hold entries.
  uint64_t last_key_ = 0;   // The radix heap's current minimum (moves on peek).
  uint64_t floor_key_ = 0;  // The key of the last popped event: nothing may come before it.
  uint64_t next_sequence_ = 0;
  uint32_t free_head_ = kNoSlot;
  size_t live_ = 0;
  size_t dead_ = 0;
};

}  // namespace wfsim
