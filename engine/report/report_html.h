// The building blocks of the report pages (engine/report/report.h): reading a
// folder's JSON and CSV files with errors that name the file and the place in
// it, and writing escaped HTML (tables, captioned figures, the page itself).
// What the indicators and end states mean is written here once for every page.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/config_node.h"
#include "engine/core/result_files.h"

namespace geostrat::report_html {

// An id made of [A-Za-z0-9_-] only, from any name.
std::string Slug(const std::string& name);
// "1 replicate", "120 replicates".
std::string Plural(uint64_t n, const std::string& word);

// One chart (SVG) with its caption, and `extra` HTML under the chart.
std::string Figure(const std::string& svg, const std::string& caption,
                   const std::string& extra = "");

// A table cell: text (escaped), optionally numeric and tied to a JSON value;
// or, with html, markup made by this program (InlineMarkdown).
struct Cell {
  std::string text;
  bool numeric = false;
  std::string key;  // data-key: "<file>#<pointer>"
  bool html = false;
};
Cell Text(const std::string& s);
Cell Markdown(const std::string& s);  // InlineMarkdown(s)
Cell P(double v, const std::string& key = "");  // a probability: svg::FormatP
Cell V(double v, const std::string& key = "");  // any other number: svg::FormatValue
std::string Table(const std::string& id, const std::vector<std::string>& header,
                  const std::vector<std::vector<Cell>>& rows, const std::string& caption);

// Text with inline markdown (`code`, **bold**, *emphasis*) as escaped HTML
// with <code>, <strong> and <em>; anything else is shown as written.
std::string InlineMarkdown(const std::string& text);

// The quarter `offset` quarters after a label such as "2026Q1" (the mapping
// of Scenario::QuarterLabel): ShiftQuarter("2026Q1", 5) = "2027Q2". A
// fractional offset (a median) between two quarters gives "2027Q2/Q3". ""
// when the label is not a quarter.
std::string ShiftQuarter(const std::string& label, double offset);

// A headline figure: a big number and what it is.
std::string Stat(const std::string& big, const std::string& what, const std::string& key = "");

struct Section {
  std::string id, title, body;  // body: HTML
};
// The whole page: title, lead paragraph, meta line, table of contents, the
// headline (HTML) and the sections, with the inline style sheet.
std::string Page(const std::string& title, const std::string& lead, const std::string& meta,
                 const std::string& headline, const std::vector<Section>& sections,
                 const std::string& kind);

// What each indicator and end state means, in plain words.
const std::map<std::string, std::string>& IndicatorMeaning();
std::vector<std::string> IndicatorOrder();  // the model's order (docs/model.md)
const std::map<std::string, std::string>& ClassMeaning();
// "X_chip: US-bloc share of ..." (the name alone when unknown).
std::string Meaning(const std::string& indicator);
// The keys of a JSON object (which nlohmann keeps sorted) in a given order;
// keys not in it follow in their own order.
std::vector<std::string> KeysInOrder(const Json& object, const std::vector<std::string>& order);

}  // namespace geostrat::report_html
