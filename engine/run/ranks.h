// The processes sharing one sweep. Without MPI (or when not launched by
// mpirun/srun) there is one rank; with GEOSTRAT_HAVE_MPI and a launcher's
// environment, MPI is initialised on first use and finalised at exit.
// Collectives carry opaque byte strings (cereal archives), so the sweep
// engine knows nothing of MPI types.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace geostrat {

class Ranks {
 public:
  static const Ranks& World();

  int rank() const { return rank_; }
  int size() const { return size_; }

  // Rank 0's `data` on every rank.
  void Broadcast(std::string& data) const;
  // Every rank's `mine`, in rank order, on rank 0 (empty elsewhere).
  std::vector<std::string> Gather(const std::string& mine) const;
  uint64_t Sum(uint64_t mine) const;
  // Ends every rank with `status` (a failure on one rank would otherwise
  // leave the others waiting in a collective).
  [[noreturn]] void Abort(int status) const;

 private:
  Ranks();
  int rank_ = 0, size_ = 1;
};

}  // namespace geostrat
