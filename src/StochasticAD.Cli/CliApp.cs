using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using StochasticAD.Backends;
using StochasticAD.Models;

namespace StochasticAD.Cli;

/// <summary>The <c>stochad</c> command line: list, estimate and compare on the built-in models.</summary>
public static class CliApp
{
    /// <summary>Exit code of invalid arguments.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">Whether output is a terminal (progress bar, colours).</param>
    /// <param name="cancellationToken">Stops a running estimate (its partial result is printed).</param>
    /// <returns>The exit code: 0 success, 2 invalid arguments, 1 a failure of the model.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default)
    {
        var app = new Commands(output, error, interactive);
        ParseResult parse = app.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync($"stochad: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'stochad --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        var config = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Commands
    {
        private readonly TextWriter _out;
        private readonly TextWriter _err;
        private readonly bool _interactive;

        private readonly Argument<string> _model = new("model") { Description = "Model name (see 'stochad list')." };
        private readonly Option<double?> _p = new("--p") { Description = "The parameter p (default: the model's)." };
        private readonly Option<long?> _samples = new("--samples", "-n") { Description = "Number of samples (default 10000)." };
        private readonly Option<double?> _stderr = new("--stderr") { Description = "Sample until this standard error (capped by --max-samples)." };
        private readonly Option<long> _maxSamples = new("--max-samples") { Description = "Cap on samples with --stderr.", DefaultValueFactory = _ => 10_000_000 };
        private readonly Option<long> _seed = new("--seed") { Description = "The seed.", DefaultValueFactory = _ => 2024 };
        private readonly Option<string> _estimator = new("--estimator", "-e") { Description = "triple | score | score-cv | fd | value", DefaultValueFactory = _ => "triple" };
        private readonly Option<int> _threads = new("--threads") { Description = "Threads (0 = one per core); results do not depend on it.", DefaultValueFactory = _ => 0 };
        private readonly Option<string[]> _set = new("--set")
        {
            Description = "A model setting other than p, as name=value (repeatable); 'stochad list' shows each model's settings.",
            AllowMultipleArgumentsPerToken = false,
        };
        private readonly Option<double?> _h = new("--h") { Description = "fd: the step h (default 0.01·max(1, |p|))." };
        private readonly Option<bool> _json = new("--json") { Description = "One JSON object per result, one per line." };
        private readonly Option<string?> _cluster = Cluster.ClusterRunner.CreateOption();
        private readonly Option<string> _backend = new("--backend", "-b")
        {
            Description = $"The triple estimator's backend: {string.Join(" | ", BackendCatalog.Names)}.",
            DefaultValueFactory = _ => BackendCatalog.Default,
        };

        private readonly Option<string> _strategy = new("--strategy")
        {
            Description = "How draws form new jumps: default | single-sided | two-sided | straight-through | ignore-discrete.",
            DefaultValueFactory = _ => "default",
        };

        public Commands(TextWriter output, TextWriter error, bool interactive)
        {
            _out = output;
            _err = error;
            _interactive = interactive;
            Root = new RootCommand("stochad: unbiased derivatives of stochastic programs with discrete randomness (stochastic triples), and baselines.");

            var list = new Command("list", "List the built-in models.") { _json };
            list.SetAction(_ => List());
            Root.Add(list);

            var estimate = new Command("estimate", "Estimate dE[X(p)]/dp (or E[X(p)] with --estimator value).")
            {
                _model, _p, _samples, _stderr, _maxSamples, _seed, _estimator, _backend, _strategy, _threads, _set, _h, _json, _cluster,
            };
            estimate.SetAction((r, ct) => Task.FromResult(Estimate(r, compare: false, ct)));
            Root.Add(estimate);

            var compare = new Command("compare", "Every estimator on the same model: mean ± stderr, per-sample std, time, efficiency.")
            {
                _model, _p, _samples, _stderr, _maxSamples, _seed, _backend, _strategy, _threads, _set, _h, _json, _cluster,
            };
            compare.SetAction((r, ct) => Task.FromResult(Estimate(r, compare: true, ct)));
            Root.Add(compare);

            AddFigureCommands();
            Root.Add(Sweep.SweepCommand.Create(output, error, interactive));
            Root.Add(Cluster.SiloCommand.Create(output, error));
        }

        public RootCommand Root { get; }

        private readonly Argument<string> _figure = new("figure") { Description = "Figure name (see 'stochad figure --help' or 'stochad figures')." };
        private readonly Option<string?> _outPath = new("--out", "-o") { Description = "The PNG to write (a CSV with the numbers goes beside it)." };

        private void AddFigureCommands()
        {
            var figures = new Command("figures", "List the figures 'stochad figure' can draw.");
            figures.SetAction(_ =>
            {
                foreach (Figures.IFigure f in Figures.FigureCatalog.All)
                {
                    _out.WriteLine($"{f.Name,-22} {f.Description}");
                    foreach (ModelSetting setting in f.Settings)
                    {
                        _out.WriteLine(Invariant($"{"",-22} --set {setting.Name}=… ({setting.Description}; default {setting.Default})"));
                    }
                }

                return 0;
            });
            Root.Add(figures);

            var figure = new Command("figure", "Draw a figure (PNG, plus a CSV of its numbers).") { _figure, _outPath, _seed, _samples, _set };
            figure.SetAction((r, ct) => Task.FromResult(Figure(r, ct)));
            Root.Add(figure);
        }

        private int Figure(ParseResult r, CancellationToken ct)
        {
            string name = r.GetValue(_figure) ?? "";
            Figures.IFigure? figure = Figures.FigureCatalog.Find(name);
            if (figure is null)
            {
                return Usage($"unknown figure '{name}'. Figures: {string.Join(", ", Figures.FigureCatalog.All.Select(f => f.Name))}.");
            }

            if (Settings(r) is not { } settings)
            {
                return UsageError;
            }

            foreach (var (key, value) in settings)
            {
                ModelSetting? setting = figure.Settings.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase));
                if (setting is null)
                {
                    return Usage($"the figure {figure.Name} has no setting '{key}'.");
                }

                try
                {
                    setting.Check(value);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    return Usage(e.Message);
                }
            }

            long? samples = r.GetValue(_samples);
            if (samples is <= 0)
            {
                return Usage($"--samples must be > 0, but is {samples}.");
            }

            string path = r.GetValue(_outPath) ?? figure.DefaultFileName;
            try
            {
                figure.Render(new Figures.FigureContext(path, r.GetValue(_seed), samples, settings, _out), ct);
            }
            catch (OperationCanceledException)
            {
                _err.WriteLine("stochad: cancelled.");
                return 1;
            }

            return 0;
        }

        private int List()
        {
            foreach (ModelEntry entry in ModelCatalog.Entries)
            {
                StochasticModel m = ModelCatalog.Create(entry.Name);
                string reference = m.ReferenceDerivative(m.DefaultP) is { } r
                    ? Invariant($"dE/dp = {r.Value:G10}{(r.StandardError > 0 ? Invariant($" ± {r.StandardError:G3}") : "")} ({r.Source})")
                    : "no reference value";
                _out.WriteLine(Invariant($"{entry.Name,-14} p = {m.DefaultP} ({m.Range}); {reference}"));
                _out.WriteLine($"{"",-14} {entry.Summary}");
                foreach (ModelSetting setting in entry.Settings)
                {
                    _out.WriteLine(Invariant($"{"",-14} --set {setting.Name}=… ({setting.Description}; default {setting.Default}, range [{setting.Minimum}, {setting.Maximum}])"));
                }
            }

            return 0;
        }

        /// <summary>Parses the --set name=value options; null (after printing a usage message) when one is malformed.</summary>
        private Dictionary<string, double>? Settings(ParseResult r)
        {
            var settings = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (string item in r.GetValue(_set) ?? [])
            {
                int eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !double.TryParse(item.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    Usage($"--set takes name=value with a number, but got '{item}'.");
                    return null;
                }

                settings[item[..eq]] = value;
            }

            return settings;
        }

        private int Usage(string message)
        {
            _err.WriteLine($"stochad: {message}");
            return UsageError;
        }

        private int Estimate(ParseResult r, bool compare, CancellationToken ct)
        {
            string name = r.GetValue(_model) ?? "";
            if (ModelCatalog.Find(name) is null)
            {
                return Usage($"unknown model '{name}'. Known models: {string.Join(", ", ModelCatalog.Names)}.");
            }

            if (Settings(r) is not { } settings)
            {
                return UsageError;
            }

            StochasticModel model;
            try
            {
                model = ModelCatalog.Create(name, settings);
            }
            catch (ArgumentException e)
            {
                return Usage(e.Message);
            }

            double p = r.GetValue(_p) ?? model.DefaultP;
            if (!model.IsValid(p))
            {
                return Usage(Invariant($"p = {p} is out of range for {model.Name}: {model.Range}."));
            }

            long? samples = r.GetValue(_samples);
            double? target = r.GetValue(_stderr);
            if (samples is <= 0)
            {
                return Usage($"--samples must be > 0, but is {samples}.");
            }

            if (target is double t && !(t > 0 && double.IsFinite(t)))
            {
                return Usage(Invariant($"--stderr must be > 0, but is {t}."));
            }

            if (samples is not null && target is not null)
            {
                return Usage("give either --samples or --stderr, not both.");
            }

            long maxSamples = r.GetValue(_maxSamples);
            if (maxSamples <= 0)
            {
                return Usage($"--max-samples must be > 0, but is {maxSamples}.");
            }

            int threads = r.GetValue(_threads);
            if (threads < 0)
            {
                return Usage($"--threads must be >= 0, but is {threads}.");
            }

            double? h = r.GetValue(_h);
            if (h is double step && !(step > 0 && double.IsFinite(step)))
            {
                return Usage(Invariant($"--h must be > 0, but is {step}."));
            }

            string backend = r.GetValue(_backend) ?? BackendCatalog.Default;
            if (!BackendCatalog.Contains(backend))
            {
                return Usage($"unknown backend '{backend}'. Backends: {string.Join(", ", BackendCatalog.Names)}.");
            }

            string strategyName = r.GetValue(_strategy) ?? "default";
            if (!Enum.TryParse(strategyName.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out JumpStrategy strategy)
                || !Enum.IsDefined(strategy))
            {
                return Usage($"unknown strategy '{strategyName}': use default, single-sided, two-sided, straight-through or ignore-discrete.");
            }

            var kinds = new List<string>();
            if (compare)
            {
                kinds.AddRange(["triple", "score", "score-cv", "fd"]);
            }
            else
            {
                string e = r.GetValue(_estimator) ?? "triple";
                if (!string.Equals(e, "value", StringComparison.OrdinalIgnoreCase) && !Estimator.TryParse(e, out _))
                {
                    return Usage($"unknown estimator '{e}': use triple, score, score-cv, fd or value.");
                }

                kinds.Add(e.ToLowerInvariant());
            }

            if (kinds.Contains("fd"))
            {
                double hh = h ?? (0.01 * Math.Max(1, Math.Abs(p)));
                if (!model.IsValid(p - hh) || !model.IsValid(p + hh))
                {
                    return Usage(Invariant($"fd needs p ± h = {p} ± {hh} inside {model.Range}; choose a smaller --h."));
                }
            }

            var options = new EstimationOptions
            {
                Seed = r.GetValue(_seed),
                Samples = samples ?? 10_000,
                TargetStandardError = target,
                MaxSamples = maxSamples,
                MaxDegreeOfParallelism = threads,
                FiniteDifferenceStep = h,
                Backend = backend,
                Strategy = strategy,
            };

            var results = new List<EstimationResult>();
            Cluster.ClusterRunner? cluster = null;
            try
            {
                cluster = Cluster.ClusterRunner.Connect(r.GetValue(_cluster), name, settings, ct);
                foreach (string kind in kinds)
                {
                    if (compare)
                    {
                        // Warm up (JIT) outside the timed run, so time per sample compares estimators fairly.
                        RunOne(model, p, kind, options with { Seed = ~options.Seed, Samples = 512, TargetStandardError = null, BaselineSamples = 64 }, cluster, ct, quiet: true);
                    }

                    results.Add(RunOne(model, p, kind, options, cluster, ct));
                    if (results[^1].Partial)
                    {
                        break;
                    }
                }
            }
            catch (ArgumentException ex)
            {
                return Usage(ex.Message);
            }
            catch (Orleans.ClusterEstimationException ex) when (ex is not Orleans.ModelFailedException)
            {
                // No silo reachable, a model the silos do not know, another version: the user's to fix.
                return Usage(ex.Message);
            }
#pragma warning disable CA1031 // A failure of the model is reported, not thrown at the user.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _err.WriteLine($"stochad: the model failed: {ex.GetType().Name}: {ex.Message}");
                return 1;
            }
            finally
            {
                cluster?.Dispose();
            }

            bool value = kinds is ["value"];
            ReferenceValue? reference = value
                ? (model.ExactMean(p) is double mean ? new ReferenceValue(mean, 0, "exact") : null)
                : model.ReferenceDerivative(p);
            if (r.GetValue(_json))
            {
                foreach (EstimationResult res in results)
                {
                    _out.WriteLine(Json(res, reference, options.Seed));
                }
            }
            else
            {
                Table(model, results, reference, value);
            }

            if (results.Exists(x => x.Partial))
            {
                _err.WriteLine("stochad: cancelled; the last result is partial.");
            }

            return 0;
        }

        private EstimationResult RunOne(StochasticModel model, double p, string kind, EstimationOptions options, Cluster.ClusterRunner? cluster, CancellationToken ct, bool quiet = false)
        {
            EstimationResult Go(IProgress<EstimationProgress>? progress) =>
                cluster is not null ? cluster.Run(p, kind, options, progress, ct)
                : kind == "value"
                    ? Estimator.Mean(model, p, options, progress, ct)
                    : Estimator.Derivative(model, p, Estimator.TryParse(kind, out var k) ? k : EstimatorKind.Triple, options, progress, ct);

            if (!_interactive || quiet)
            {
                return Go(null);
            }

            EstimationResult? result = null;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                ProgressTask task = ctx.AddTask($"{model.Name} {kind}", maxValue: options.TargetStandardError is null ? options.Samples : options.MinSamples);
                result = Go(new BarProgress(task));
                task.Value = task.MaxValue;
            });
            return result!;
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
            if (!_interactive)
            {
                console.Profile.Width = 160;
            }

            EstimationResult first = results[0];
            string what = value ? "E[X(p)]" : "dE[X(p)]/dp";
            var table = new Table()
                .Title(Markup.Escape(Invariant($"{what}: {model.Name}, p = {first.P}") + Describe(reference)))
                .AddColumns("estimator", "mean ± stderr", "95% CI", "std / sample", "samples", "µs / sample", "efficiency vs triple",
                    reference is { StandardError: > 0 } ? "z vs reference" : "z vs exact");
            double? tripleEfficiency = results.Find(x => x.Estimator == "triple")?.Efficiency;
            foreach (EstimationResult res in results)
            {
                table.AddRow(Cells(
                    res.Estimator + (res.Partial ? " (partial)" : ""),
                    Invariant($"{res.Mean:G7} ± {res.StandardError:G3}"),
                    Invariant($"[{res.Lower95:G6}, {res.Upper95:G6}]"),
                    Invariant($"{res.StandardDeviation:G5}"),
                    Invariant($"{res.Samples}"),
                    Invariant($"{res.SecondsPerSample * 1e6:F2}"),
                    tripleEfficiency is double e ? Invariant($"{res.Efficiency / e:G3}") : "",
                    reference is { } rv ? Invariant($"{(res.Mean - rv.Value) / Math.Sqrt((res.StandardError * res.StandardError) + (rv.StandardError * rv.StandardError)):F2}") : ""));
            }

            console.Write(table);
        }

        private static string Describe(ReferenceValue? reference) => reference switch
        {
            null => "",
            { StandardError: 0 } r => Invariant($", exact {r.Value:G10}"),
            { } r => Invariant($", reference {r.Value:G6} ± {r.StandardError:G3} ({r.Source})"),
        };

        private static Text[] Cells(params string[] cells) => Array.ConvertAll(cells, c => new Text(c));

        private static string Json(EstimationResult r, ReferenceValue? reference, long seed)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream))
            {
                w.WriteStartObject();
                w.WriteString("model", r.Model);
                w.WriteString("estimator", r.Estimator);
                w.WriteString("backend", r.Backend);
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

                w.WriteNumber("seed", seed);
                w.WriteBoolean("partial", r.Partial);
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

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<EstimationProgress>
    {
        public void Report(EstimationProgress value)
        {
            task.MaxValue = Math.Max(task.MaxValue, value.Planned);
            task.Value = value.Completed;
        }
    }
}
