// Matching a timestamp against the regular expression jsonata-js generates from a date/time
// picture, without a regular-expression engine.
//
// jsonata-js builds ^(part)(part)...$ with the "i" flag and reads each part's capture. The parts
// are greedy character runs ([0-9]+, [0-9]{n}, [a-zA-Z]+, [MDCLXVI]+), literals, the ordinal
// suffix alternation and the English-words loop. A backtracking engine returns the first match
// in priority order; here a table of "atoms i.. can match text p.." (built right to left) lets one
// left-to-right walk take, at each choice, the first option the engine would take that still
// leads to a match, so the captures are the engine's and the time is O(atoms x text x words),
// never exponential. Not here: which atoms a picture yields (picture_datetime_parse.cpp).
#include <algorithm>
#include <cstdint>

#include "core/assert.h"
#include "jsonata/picture_detail.h"

namespace wfsim::jsonata::picture::detail {

char16_t canonical_case(char16_t unit) {
  // toUpperCase of one unit, kept only when it stays one unit and does not map into ASCII from
  // outside it. Covered: ASCII, Latin-1, Greek and Cyrillic; other scripts compare exactly.
  if (unit >= u'a' && unit <= u'z') return static_cast<char16_t>(unit - 32);
  if (unit < 0x80) return unit;
  if (unit == 0xB5) return 0x39C;
  if (unit == 0xFF) return 0x178;
  if (unit >= 0xE0 && unit <= 0xFE && unit != 0xF7) return static_cast<char16_t>(unit - 32);
  if (unit == 0x3C2) return 0x3A3;
  if (unit >= 0x3B1 && unit <= 0x3C9) return static_cast<char16_t>(unit - 32);
  if (unit >= 0x430 && unit <= 0x44F) return static_cast<char16_t>(unit - 32);
  if (unit >= 0x450 && unit <= 0x45F) return static_cast<char16_t>(unit - 80);
  return unit;
}

namespace {

bool in_class(CharacterClass characters, char16_t unit) {
  switch (characters) {
    case CharacterClass::digit:
      return unit >= u'0' && unit <= u'9';
    case CharacterClass::letter:
      return (unit >= u'a' && unit <= u'z') || (unit >= u'A' && unit <= u'Z');
    case CharacterClass::roman: {
      const char16_t upper = canonical_case(unit);
      return upper == u'M' || upper == u'D' || upper == u'C' || upper == u'L' || upper == u'X' ||
             upper == u'V' || upper == u'I';
    }
    case CharacterClass::sign:
      return unit == u'-' || unit == u'+';
    case CharacterClass::any:
      return unit != u'\n' && unit != u'\r' && unit != 0x2028 && unit != 0x2029;
  }
  return false;
}

bool matches_at(TextView text, size_t at, TextView literal) {
  if (at + literal.size() > text.size()) return false;
  for (size_t i = 0; i < literal.size(); ++i) {
    if (canonical_case(text[at + i]) != canonical_case(literal[i])) return false;
  }
  return true;
}

constexpr int64_t unbounded = -1;

// Whether `literal` matches at `at` and `table` holds at its end. The table is read first: it is
// mostly false, and reading it is cheaper than comparing text.
bool matches_then(TextView text, size_t at, TextView literal, const std::vector<bool>& table,
                  size_t table_offset) {
  return at + literal.size() <= text.size() && table[table_offset + at + literal.size()] &&
         matches_at(text, at, literal);
}

// Tables over every atom and text position, each a flat bit array of rows of width n + 1 (one
// allocation per table, not one per atom): whether atoms i.. can match from p, and for a words
// loop whether "one or more done, at p" can finish.
struct Tables {
  size_t width = 0;
  std::vector<bool> can_match;  // [atom * width + position], atoms + 1 rows
  std::vector<bool> loop_done;  // [atom * width + position], rows of words atoms only
  // [class][position]: length of the run of the class's characters starting there.
  std::vector<std::vector<int64_t>> run;
  std::vector<int64_t> count;  // scratch of fill_characters
  // Atom i can only start at positions [first[i], last[i]]: the atoms before it take at least
  // their minimum lengths, the atoms from it on need at least theirs. Cells outside stay false and
  // are never read as true; computing only the band makes a near-fixed-width picture cost
  // O(atoms x slack) instead of O(atoms x text).
  std::vector<size_t> first, last;

  // Empties every table for a new text, keeping the memory for reuse.
  void reset() {
    loop_done.clear();
    for (std::vector<int64_t>& lengths : run) lengths.clear();
  }
  // Gives the memory back when a huge text or picture grew the tables, so a thread does not keep
  // it; small tables stay for the next call.
  void trim() {
    constexpr size_t keep_bits = size_t{1} << 16, keep_positions = size_t{1} << 12;
    if (can_match.capacity() > keep_bits || loop_done.capacity() > keep_bits ||
        count.capacity() > keep_positions || first.capacity() > keep_positions) {
      *this = Tables{};
    }
    for (std::vector<int64_t>& lengths : run) {
      if (lengths.capacity() > keep_positions) lengths = {};
    }
  }

  size_t row(size_t atom) const { return atom * width; }
  bool can(size_t atom, size_t position) const { return can_match[row(atom) + position]; }

  const std::vector<int64_t>& run_of(CharacterClass characters, TextView text) {
    const auto index = static_cast<size_t>(characters);
    if (run.size() <= index) run.resize(index + 1);
    std::vector<int64_t>& lengths = run[index];
    if (lengths.empty()) {
      lengths.assign(text.size() + 1, 0);
      for (size_t p = text.size(); p-- > 0;) {
        lengths[p] = in_class(characters, text[p]) ? lengths[p + 1] + 1 : 0;
      }
    }
    return lengths;
  }
};

// The fewest text units an atom matches.
size_t minimum_length(const MatchAtom& atom) {
  switch (atom.kind) {
    case MatchAtom::Kind::literal:
      return atom.text.size();
    case MatchAtom::Kind::characters:
      return static_cast<size_t>(atom.min);
    case MatchAtom::Kind::alternatives:
    case MatchAtom::Kind::words: {
      size_t shortest = SIZE_MAX;
      for (const Text& alternative : atom.alternatives) {
        shortest = std::min(shortest, alternative.size());
      }
      return shortest == SIZE_MAX ? 0 : shortest;
    }
  }
  WFSIM_UNREACHABLE("unknown match atom");
}

// first/last of Tables; an atom with last < first has no position at all (first = n + 1).
void compute_bands(const std::vector<MatchAtom>& atoms, size_t n, Tables& tables) {
  const size_t count = atoms.size();
  std::vector<size_t>& suffix = tables.last;  // the minimum length of atoms i.., then last[i]
  suffix.assign(count + 1, 0);
  for (size_t i = count; i-- > 0;) suffix[i] = suffix[i + 1] + minimum_length(atoms[i]);
  tables.first.assign(count + 1, 0);
  size_t prefix = 0;
  for (size_t i = 0; i <= count; ++i) {
    const bool room = prefix <= n && suffix[i] <= n - prefix;
    tables.first[i] = room ? prefix : n + 1;
    tables.last[i] = room ? n - suffix[i] : 0;
    if (i < count) prefix += minimum_length(atoms[i]);
  }
}

void fill_characters(const MatchAtom& atom, size_t i, TextView text, Tables& tables) {
  const size_t n = text.size();
  const std::vector<int64_t>& run = tables.run_of(atom.characters, text);
  const size_t next = tables.row(i + 1), here = tables.row(i);
  std::vector<int64_t>& count = tables.count;  // true entries of row i + 1 in [0, q)
  count.assign(n + 2, 0);
  for (size_t q = 0; q <= n; ++q) count[q + 1] = count[q] + (tables.can_match[next + q] ? 1 : 0);
  for (size_t p = tables.first[i]; p <= tables.last[i]; ++p) {
    const int64_t high = atom.max == unbounded ? run[p] : std::min(atom.max, run[p]);
    if (high < atom.min) continue;
    tables.can_match[here + p] =
        count[p + static_cast<size_t>(high) + 1] - count[p + static_cast<size_t>(atom.min)] > 0;
  }
}

void fill_words(const MatchAtom& atom, size_t i, TextView text, Tables& tables) {
  const size_t n = text.size();
  const size_t next = tables.row(i + 1), here = tables.row(i), done = tables.row(i);
  std::vector<bool>& loop_done = tables.loop_done;
  if (loop_done.empty()) loop_done.assign(tables.can_match.size(), false);
  for (size_t p = n + 1; p-- > 0;) {
    bool more = false;
    for (const Text& word : atom.alternatives) {
      if (matches_then(text, p, word, loop_done, done)) {
        more = true;
        break;
      }
    }
    loop_done[done + p] = more || tables.can_match[next + p];
  }
  for (size_t p = tables.first[i]; p <= tables.last[i]; ++p) {
    for (const Text& word : atom.alternatives) {
      if (matches_then(text, p, word, loop_done, done)) {
        tables.can_match[here + p] = true;
        break;
      }
    }
  }
}

void tabulate(const std::vector<MatchAtom>& atoms, TextView text, Tables& tables) {
  // Memory: one bit per atom and position, one run table per character class.
  const size_t n = text.size();
  tables.reset();
  tables.width = n + 1;
  tables.can_match.assign((atoms.size() + 1) * tables.width, false);
  tables.can_match[tables.row(atoms.size()) + n] = true;
  compute_bands(atoms, n, tables);
  for (size_t i = atoms.size(); i-- > 0;) {
    const MatchAtom& atom = atoms[i];
    const size_t next = tables.row(i + 1), here = tables.row(i);
    switch (atom.kind) {
      case MatchAtom::Kind::literal:
        for (size_t p = tables.first[i]; p <= tables.last[i]; ++p) {
          tables.can_match[here + p] = matches_then(text, p, atom.text, tables.can_match, next);
        }
        break;
      case MatchAtom::Kind::characters:
        fill_characters(atom, i, text, tables);
        break;
      case MatchAtom::Kind::alternatives:
        for (size_t p = tables.first[i]; p <= tables.last[i]; ++p) {
          tables.can_match[here + p] =
              std::any_of(atom.alternatives.begin(), atom.alternatives.end(), [&](const Text& a) {
                return matches_then(text, p, a, tables.can_match, next);
              });
        }
        break;
      case MatchAtom::Kind::words:
        fill_words(atom, i, text, tables);
        break;
    }
  }
}

// The end of atom i's match from p along the engine's first successful path.
size_t step(const MatchAtom& atom, size_t i, size_t p, TextView text, const Tables& tables) {
  const size_t next = tables.row(i + 1);
  switch (atom.kind) {
    case MatchAtom::Kind::literal:
      return p + atom.text.size();
    case MatchAtom::Kind::characters: {
      const int64_t run = tables.run[static_cast<size_t>(atom.characters)][p];
      int64_t length = atom.max == unbounded ? run : std::min(atom.max, run);
      // greedy: longest that works
      while (!tables.can_match[next + p + static_cast<size_t>(length)]) --length;
      WFSIM_ASSERT(length >= atom.min);
      return p + static_cast<size_t>(length);
    }
    case MatchAtom::Kind::alternatives:
      for (const Text& alternative : atom.alternatives) {
        if (matches_then(text, p, alternative, tables.can_match, next)) {
          return p + alternative.size();
        }
      }
      break;
    case MatchAtom::Kind::words: {
      const size_t done = tables.row(i);
      bool first = true;
      while (true) {
        // Greedy loop: another word first (in the listed order), leaving only as a last resort.
        bool advanced = false;
        for (const Text& word : atom.alternatives) {
          if (matches_then(text, p, word, tables.loop_done, done)) {
            p += word.size();
            advanced = true;
            break;
          }
        }
        if (!advanced) {
          WFSIM_ASSERT(!first && tables.can_match[next + p]);
          return p;
        }
        first = false;
      }
    }
  }
  WFSIM_UNREACHABLE("match step off the successful path");
}

}  // namespace

std::optional<GroupSpans> match_picture(const std::vector<MatchAtom>& atoms, size_t groups,
                                        TextView text) {
  int64_t shortest = 0;
  for (const MatchAtom& atom : atoms) {
    if (atom.kind == MatchAtom::Kind::literal) shortest += static_cast<int64_t>(atom.text.size());
    if (atom.kind == MatchAtom::Kind::characters) shortest += atom.min;
    if (atom.kind != MatchAtom::Kind::literal && atom.kind != MatchAtom::Kind::characters) {
      ++shortest;
    }
    if (shortest > static_cast<int64_t>(text.size())) return std::nullopt;
  }
  // One set of tables per thread, reused: no allocation per call once warm.
  thread_local Tables scratch;
  struct Trim {
    Tables& tables;
    ~Trim() { tables.trim(); }
  } trim{scratch};
  Tables& tables = scratch;
  tabulate(atoms, text, tables);
  if (!tables.can(0, 0)) return std::nullopt;
  GroupSpans spans(groups, {0, 0});
  std::vector<bool> seen(groups, false);
  size_t p = 0;
  for (size_t i = 0; i < atoms.size(); ++i) {
    WFSIM_ASSERT(tables.can(i, p) && atoms[i].group < groups);
    const size_t end = step(atoms[i], i, p, text, tables);
    auto& span = spans[atoms[i].group];
    if (!seen[atoms[i].group]) span.first = p;
    seen[atoms[i].group] = true;
    span.second = end;
    p = end;
  }
  WFSIM_ASSERT(p == text.size());
  return spans;
}

}  // namespace wfsim::jsonata::picture::detail
