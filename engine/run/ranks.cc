#include "engine/run/ranks.h"

#include <cstdlib>

#ifdef GEOSTRAT_HAVE_MPI
#include <mpi.h>
#endif

#include "engine/core/error.h"

namespace geostrat {
namespace {

#ifdef GEOSTRAT_HAVE_MPI
// Launchers announce the job in the environment: Open MPI's mpirun, and PMI
// or PMIx for MPICH and SLURM's srun. A plain `geostrat sweep` never starts
// MPI (singleton initialisation is slow and noisy).
bool LaunchedByMpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

void Finalize() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}
#endif

}  // namespace

Ranks::Ranks() {
#ifdef GEOSTRAT_HAVE_MPI
  if (!LaunchedByMpi()) return;
  int provided = 0;
  // Only the main thread calls MPI; OpenMP threads compute between calls.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  std::atexit(Finalize);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

const Ranks& Ranks::World() {
  static const Ranks ranks;
  return ranks;
}

void Ranks::Broadcast([[maybe_unused]] std::string& data) const {
  if (size_ == 1) return;
#ifdef GEOSTRAT_HAVE_MPI
  unsigned long long n = data.size();
  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
  data.resize(n);
  MPI_Bcast(data.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
#endif
}

std::vector<std::string> Ranks::Gather(const std::string& mine) const {
  if (size_ == 1) return {mine};
  std::vector<std::string> all;
#ifdef GEOSTRAT_HAVE_MPI
  if (mine.size() > 0x7fffffffu) throw InternalError("a rank's share of a block exceeds 2 GiB");
  int n = static_cast<int>(mine.size());
  std::vector<int> sizes(size_), offsets(size_);
  MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string buffer;
  if (rank_ == 0) {
    long long total = 0;
    for (int r = 0; r < size_; ++r) {
      offsets[r] = static_cast<int>(total);
      total += sizes[r];
    }
    if (total > 0x7fffffff) throw InternalError("a gathered block exceeds 2 GiB");
    buffer.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(mine.data(), n, MPI_CHAR, buffer.data(), sizes.data(), offsets.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  if (rank_ == 0) {
    for (int r = 0; r < size_; ++r) all.push_back(buffer.substr(offsets[r], sizes[r]));
  }
#endif
  return all;
}

uint64_t Ranks::Sum(uint64_t mine) const {
  if (size_ == 1) return mine;
  unsigned long long total = mine;
#ifdef GEOSTRAT_HAVE_MPI
  unsigned long long in = mine;
  MPI_Allreduce(&in, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
#endif
  return total;
}

void Ranks::Abort(int status) const {
#ifdef GEOSTRAT_HAVE_MPI
  if (size_ > 1) MPI_Abort(MPI_COMM_WORLD, status);
#endif
  std::exit(status);
}

}  // namespace geostrat
