#include "engine/report/report_transcript.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "engine/core/durable_file.h"
#include "engine/core/error.h"
#include "engine/report/report_html.h"
#include "engine/report/svg.h"

namespace geostrat {
namespace {

namespace fs = std::filesystem;
using report_html::Cell;
using report_html::Figure;
using report_html::Section;
using report_html::Stat;
using report_html::Table;
using report_html::Text;
using report_html::V;

// The first columns of a transcript's CSV (PlayTranscript::Csv); the
// indicators follow.
const std::vector<std::string>& MoveColumns() {
  static const std::vector<std::string> columns = {"quarter", "seat", "agent",
                                                   "action",  "by",   "configured_policy"};
  return columns;
}

// The indicators drawn as shares (on [0, 1]) and the ones drawn alone.
const std::vector<std::string>& ShareIndicators() {
  static const std::vector<std::string> names = {"F",    "X_chip", "S_CN", "X_min",
                                                 "R_US", "C_CN",   "P_CN", "G_US"};
  return names;
}

fs::path Base(const fs::path& transcript) {
  fs::path base = transcript;
  return base.replace_extension();
}

// What the Markdown adds: its "- key: value" header lines, each quarter's
// explanations (the bullets under "What happened, and why:") and the end.
struct MarkdownParts {
  std::map<std::string, std::string> header;
  std::map<std::string, std::vector<std::string>> explanations;  // by quarter label
  std::vector<std::string> end;
};

MarkdownParts ReadMarkdown(const fs::path& path) {
  MarkdownParts parts;
  if (!fs::is_regular_file(path)) return parts;
  std::istringstream in(ReadFileCapped(path, uint64_t{64} << 20, "a play transcript (Markdown)"));
  std::string line, section;
  bool in_explanations = false;
  for (std::string raw; std::getline(in, raw);) {
    line = raw;
    if (line.rfind("## ", 0) == 0) {
      section = line.substr(3);
      in_explanations = false;
    } else if (line == "What happened, and why:") {
      in_explanations = true;
    } else if (line.rfind("- ", 0) == 0) {
      const std::string item = line.substr(2);
      if (section.empty()) {
        const size_t colon = item.find(": ");
        if (colon != std::string::npos) parts.header[item.substr(0, colon)] = item.substr(colon + 2);
      } else if (section == "The end") {
        parts.end.push_back(item);
      } else if (in_explanations) {
        parts.explanations[section].push_back(item);
      }
    }
  }
  return parts;
}

// The CSV's rows grouped by quarter, in the order played.
struct Quarters {
  std::vector<std::string> labels;
  std::vector<std::vector<size_t>> rows;  // per quarter: its rows, one per seat
};

Quarters GroupByQuarter(const Csv& csv) {
  Quarters q;
  for (size_t r = 0; r < csv.rows().size(); ++r) {
    const std::string& label = csv.rows()[r][0];
    if (q.labels.empty() || q.labels.back() != label) {
      q.labels.push_back(label);
      q.rows.emplace_back();
    }
    q.rows.back().push_back(r);
  }
  return q;
}

void CheckTranscriptColumns(const Csv& csv, const fs::path& path) {
  const auto& want = MoveColumns();
  const auto& have = csv.header();
  if (have.size() < want.size() || !std::equal(want.begin(), want.end(), have.begin())) {
    std::string found;
    for (size_t i = 0; i < have.size() && i < want.size(); ++i) found += (i ? "," : "") + have[i];
    throw ConfigError(path.string(), "row 1",
                      "a transcript of geostrat play --transcript (columns quarter,seat,agent,"
                      "action,by,configured_policy, then the indicators)",
                      "columns " + found + (have.size() > want.size() ? ",..." : ""));
  }
}

std::string TimelineTable(const Csv& csv, const Quarters& q) {
  std::vector<std::string> header = {"quarter"};
  if (!q.rows.empty()) {
    for (size_t r : q.rows.front()) header.push_back(csv.rows()[r][1]);
  }
  std::vector<std::vector<Cell>> rows;
  for (size_t i = 0; i < q.labels.size(); ++i) {
    std::vector<Cell> row = {Text(q.labels[i])};
    for (size_t r : q.rows[i]) {
      const auto& cells = csv.rows()[r];
      std::string text = cells[3];
      if (cells[4] == "human") {
        text += cells[5] == cells[3] ? " (human)" : " (human; policy: " + cells[5] + ")";
      }
      row.push_back(Text(text));
    }
    rows.push_back(std::move(row));
  }
  return Table("table-timeline", header, rows,
               "Every seat's move in force after each quarter; (human) marks the moves chosen at "
               "the prompt, with the configured policy's choice when they differ.");
}

std::string IndicatorSection(const Csv& csv, const Quarters& q) {
  const std::vector<std::string>& header = csv.header();
  std::vector<std::string> names(header.begin() + static_cast<long>(MoveColumns().size()),
                                 header.end());
  std::string body;
  // One row of the CSV per quarter carries its indicators (they are the
  // same on every seat's row).
  auto value = [&](size_t quarter, const std::string& name) {
    return csv.Num(q.rows[quarter].front(), csv.Column(name));
  };
  if (q.labels.size() >= 2) {
    auto chart = [&](const std::string& id, const std::vector<std::string>& lines,
                     const std::string& y_label, bool probability) {
      svg::LineChart c;
      c.id = id;
      c.x_label = "quarter";
      c.y_label = y_label;
      c.probability = probability;
      c.markers = true;
      for (size_t i = 0; i < q.labels.size(); ++i) c.x.push_back(static_cast<double>(i + 1));
      c.x_names = q.labels;
      for (const auto& name : lines) {
        if (std::find(names.begin(), names.end(), name) == names.end()) continue;
        svg::Line line{name, {}, {}, {}, ""};
        for (size_t i = 0; i < q.labels.size(); ++i) line.y.push_back(value(i, name));
        c.lines.push_back(line);
      }
      return svg::DrawLines(c);
    };
    body += Figure(chart("chart-transcript-shares", ShareIndicators(), "share", true),
                   "The share indicators after each quarter played.");
    body += Figure(chart("chart-transcript-gap", {"Gap"}, "years", false),
                   "The frontier gap between US and Chinese chips, in years.");
    body += Figure(chart("chart-transcript-utility", {"utility_quarter"}, "$B-equivalents", false),
                   "The played agent's utility in each quarter.");
  } else {
    body += "<p class=\"note\">The charts need two quarters played.</p>";
  }
  std::vector<std::vector<Cell>> rows;
  for (size_t i = 0; i < q.labels.size(); ++i) {
    std::vector<Cell> row = {Text(q.labels[i])};
    for (const auto& name : names) row.push_back(V(value(i, name)));
    rows.push_back(std::move(row));
  }
  std::vector<std::string> table_header = {"quarter"};
  table_header.insert(table_header.end(), names.begin(), names.end());
  body += Table("table-transcript-indicators", table_header, rows,
                "The indicators after each quarter; utility_quarter and utility_discounted are "
                "the played agent's.");
  return body;
}

std::string ExplanationSection(const MarkdownParts& md, const Quarters& q, const fs::path& file) {
  if (md.explanations.empty() && !q.labels.empty()) {
    return "<p class=\"note\">" + svg::Escape(file.string()) +
           " is missing or has no explanations.</p>";
  }
  std::string body = "<ol class=\"timeline\" id=\"transcript-explanations\">";
  for (const std::string& label : q.labels) {
    body += "<li><strong>" + svg::Escape(label) + "</strong><ul>";
    const auto it = md.explanations.find(label);
    if (it != md.explanations.end()) {
      for (const auto& line : it->second) body += "<li>" + svg::Escape(line) + "</li>";
    }
    body += "</ul></li>";
  }
  return body + "</ol>";
}

}  // namespace

bool IsPlayTranscript(const fs::path& path) {
  const std::string ext = path.extension().string();
  return (ext == ".csv" || ext == ".md") && !fs::is_directory(path);
}

fs::path TranscriptReportPath(const fs::path& transcript) {
  fs::path out = Base(transcript);
  return out += ".html";
}

std::string TranscriptReportHtml(const fs::path& transcript) {
  const fs::path base = Base(transcript);
  fs::path csv_path = base, md_path = base;
  csv_path += ".csv";
  md_path += ".md";
  const Csv csv(csv_path);
  CheckTranscriptColumns(csv, csv_path);
  const Quarters q = GroupByQuarter(csv);
  const MarkdownParts md = ReadMarkdown(md_path);
  auto header = [&](const std::string& key, const std::string& fallback = "?") {
    const auto it = md.header.find(key);
    return it == md.header.end() ? fallback : it->second;
  };

  const std::string name = header("experiment", base.filename().string());
  size_t human = 0, departed = 0;
  for (const auto& row : csv.rows()) {
    if (row[4] == "human") {
      ++human;
      if (row[3] != row[5]) ++departed;
    }
  }
  std::string headline = "<div class=\"headline\">";
  headline += Stat(std::to_string(q.labels.size()), "quarters played");
  headline += Stat(std::to_string(departed) + " of " + std::to_string(human),
                   "human moves that departed from the configured policy");
  if (!q.labels.empty()) {
    headline += Stat(svg::FormatValue(csv.Num(q.rows.back().front(), csv.Column("utility_discounted"))),
                     "the played agent's discounted utility after " + q.labels.back());
  }
  headline += "</div>\n";

  std::vector<Section> sections;
  sections.push_back({"timeline", "Moves, quarter by quarter",
                      q.labels.empty() ? "<p class=\"note\">No quarter was played.</p>"
                                       : TimelineTable(csv, q)});
  sections.push_back({"indicators", "Indicators", IndicatorSection(csv, q)});
  sections.push_back({"explanations", "What happened, and why", ExplanationSection(md, q, md_path)});
  if (!md.end.empty()) {
    std::string end = "<ul>";
    for (const auto& line : md.end) end += "<li>" + svg::Escape(line) + "</li>";
    sections.push_back({"end", "The end", end + "</ul>"});
  }
  const std::string lead = "A class played " + header("played as") + " on replicate " +
                           header("replicate") + " of " + header("config") + ", from " +
                           header("starts") + ".";
  const std::string meta = "Seminar transcript " + csv_path.string() +
                           (fs::exists(md_path) ? " and " + md_path.string() : "") + "; seed " +
                           header("seed") + "; " + header("quarters played", std::to_string(q.labels.size())) +
                           " quarters played.";
  return report_html::Page("Seminar transcript: " + name, lead, meta, headline, sections,
                           "transcript");
}

void WriteTranscriptReport(const fs::path& transcript, const fs::path& out) {
  WriteFileDurably(out, TranscriptReportHtml(transcript));
}

}  // namespace geostrat
