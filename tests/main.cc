// The test binary's entry point (Catch2 2.x).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
