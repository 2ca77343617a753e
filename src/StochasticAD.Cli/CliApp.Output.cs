using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using StochasticAD.Models;
using static StochasticAD.Cli.CliOptions;

namespace StochasticAD.Cli;

/// <summary>How results and the model list are printed: tables for people, JSON lines for programs.</summary>
public static partial class CliApp
{
    private sealed partial class Commands
    {
        /// <summary>Below this width the table leaves out the 95% interval (it is mean ± 1.96 stderr) rather than wrap numbers.</summary>
        private const int NarrowWidth = 120;

        private int List(bool json)
        {
            int width = ModelCatalog.Names.Max(n => n.Length) + 2;
            string indent = new(' ', width);
            foreach (ModelEntry entry in ModelCatalog.Entries)
            {
                StochasticModel m = ModelCatalog.Create(entry.Name);
                ReferenceValue? reference = m.ReferenceDerivative(m.DefaultP);
                if (json)
                {
                    _out.WriteLine(ModelJson(entry, m, reference));
                    continue;
                }

                string referenceText = reference is { } r
                    ? Invariant($"dE/dp = {r.Value:G10}{(r.StandardError > 0 ? Invariant($" ± {r.StandardError:G3}") : "")} ({r.Source})")
                    : "no reference value";
                _out.WriteLine(Invariant($"{entry.Name.PadRight(width)}p = {m.DefaultP} ({m.Range}); {referenceText}"));
                _out.WriteLine($"{indent}{entry.Summary}");
                foreach (ModelSetting setting in entry.Settings)
                {
                    _out.WriteLine(Invariant($"{indent}--set {setting.Name}=… ({setting.Description}; default {setting.Default}, range [{setting.Minimum}, {setting.Maximum}])"));
                }
            }

            return Success;
        }

        private void Table(StochasticModel model, List<EstimationResult> results, ReferenceValue? reference, bool value)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(_out),
                Ansi = _interactive ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = _interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = _interactive ? InteractionSupport.Yes : InteractionSupport.No,
            });
            if (_tableWidth is int width)
            {
                console.Profile.Width = width;
            }
            else if (!_interactive)
            {
                console.Profile.Width = 160;
            }

            bool narrow = console.Profile.Width < NarrowWidth;
            EstimationResult first = results[0];
            string what = value ? "E[X(p)]" : "dE[X(p)]/dp";

            // The title is a line of its own: a table title is centred and padded with trailing spaces.
            _out.WriteLine(Invariant($"{what}: {model.Name}, p = {first.P}") + Describe(reference));
            var table = new Table();
            string zHeader = reference is { StandardError: > 0 } ? "z vs reference" : "z vs exact";
            string[] headers = narrow
                ? ["estimator", "mean ± stderr", "std", "samples", "µs/sample", "eff.", "z"]
                : ["estimator", "mean ± stderr", "95% CI", "std / sample", "samples", "µs / sample", "efficiency vs triple", zHeader];
            foreach (string header in headers)
            {
                table.AddColumn(new TableColumn(header).NoWrap());
            }

            double? tripleEfficiency = results.Find(x => x.Estimator == "triple")?.Efficiency;
            foreach (EstimationResult res in results)
            {
                double z = reference is { } rv
                    ? (res.Mean - rv.Value) / Math.Sqrt((res.StandardError * res.StandardError) + (rv.StandardError * rv.StandardError))
                    : double.NaN;
                var cells = new List<string>
                {
                    res.Estimator + (res.Partial ? " (partial)" : ""),
                    Invariant($"{res.Mean:G7} ± {Cell(res.StandardError, "G3")}"),
                };
                if (!narrow)
                {
                    cells.Add(double.IsFinite(res.StandardError) ? Invariant($"[{res.Lower95:G6}, {res.Upper95:G6}]") : "–");
                }

                cells.AddRange(
                [
                    Cell(res.StandardDeviation, "G5"),
                    Invariant($"{res.Samples}"),
                    Cell(res.SecondsPerSample * 1e6, "F2"),
                    tripleEfficiency is double e ? Cell(res.Efficiency / e, "G3") : "",
                    reference is null ? "" : Cell(z, "F2"),
                ]);
                table.AddRow([.. cells.Select(c => new Text(c))]);
            }

            console.Write(table);
            if (narrow)
            {
                _out.WriteLine($"std per sample; eff. = efficiency vs triple; z = {zHeader}.");
            }
        }

        /// <summary>A number for a table cell; "–" for a value that is not finite (zero variance gives infinite efficiency and z).</summary>
        private static string Cell(double x, string format) => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

        private static string Describe(ReferenceValue? reference) => reference switch
        {
            null => "",
            { StandardError: 0 } r => Invariant($", exact {r.Value:G10}"),
            { } r => Invariant($", reference {r.Value:G6} ± {r.StandardError:G3} ({r.Source})"),
        };

        private static string ResultJson(EstimationResult r, ReferenceValue? reference, EstimatePlan plan) => JsonLine(w =>
        {
            w.WriteString("model", r.Model);
            w.WriteString("estimator", r.Estimator);
            w.WriteString("backend", r.Backend);
            w.WriteString("strategy", StrategyName(plan.Options.Strategy));
            w.WriteStartObject("settings");
            foreach (var (name, value) in plan.Settings)
            {
                Number(w, name, value);
            }

            w.WriteEndObject();
            Number(w, "p", r.P);
            w.WriteNumber("samples", r.Samples);
            Number(w, "mean", r.Mean);
            Number(w, "stderr", r.StandardError);
            Number(w, "std", r.StandardDeviation);
            Number(w, "ci95_lower", r.Lower95);
            Number(w, "ci95_upper", r.Upper95);
            Number(w, "seconds", r.Elapsed.TotalSeconds);
            Number(w, "exact", reference is { StandardError: 0 } exact ? exact.Value : double.NaN);
            if (reference is { StandardError: > 0 } approximate)
            {
                Number(w, "reference", approximate.Value);
                Number(w, "reference_stderr", approximate.StandardError);
                w.WriteString("reference_source", approximate.Source);
            }

            Number(w, "fd_step", r.Estimator == "fd" ? Estimator.FiniteDifferenceStep(plan.Options, r.P) : double.NaN);
            Number(w, "target_stderr", plan.Options.TargetStandardError ?? double.NaN);
            w.WriteBoolean("target_missed", r.TargetMissed);
            w.WriteNumber("seed", plan.Options.Seed);
            w.WriteBoolean("partial", r.Partial);
        });

        private static string ModelJson(ModelEntry entry, StochasticModel model, ReferenceValue? reference) => JsonLine(w =>
        {
            w.WriteString("model", entry.Name);
            w.WriteString("summary", entry.Summary);
            Number(w, "p", model.DefaultP);
            w.WriteString("range", model.Range);
            if (reference is { } r)
            {
                Number(w, "reference", r.Value);
                Number(w, "reference_stderr", r.StandardError);
                w.WriteString("reference_source", r.Source);
            }

            w.WriteStartArray("settings");
            foreach (ModelSetting s in entry.Settings)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                Number(w, "default", s.Default);
                Number(w, "minimum", s.Minimum);
                Number(w, "maximum", s.Maximum);
                w.WriteBoolean("integer", s.IsInteger);
                w.WriteString("description", s.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

        private static string JsonLine(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            // Relaxed escaping: the lines go to a terminal or a program, not into HTML, so "±" and "²" stay readable.
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                write(w);
                w.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void Number(Utf8JsonWriter w, string name, double value)
        {
            if (double.IsFinite(value))
            {
                w.WriteNumber(name, value);
            }
            else
            {
                w.WriteNull(name);
            }
        }
    }
}
