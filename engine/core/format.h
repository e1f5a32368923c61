// Numbers for people: the one format of the terminal tables, the discovery
// and comparison summaries and the HTML reports.
#pragma once

#include <string>

namespace geostrat {

// The one number format of the reports. Probabilities and their intervals:
// three decimals ("0.056"). Anything else: four significant digits, or no
// decimals from 1000 on ("0.5123", "12.35", "20431"); never an exponent:
// tiny values print in fixed notation to six decimals, so a value that is
// zero within rounding (5.6e-15) prints as "0". NaN prints as "n/a".
std::string FormatP(double p);
std::string FormatValue(double v);

}  // namespace geostrat
