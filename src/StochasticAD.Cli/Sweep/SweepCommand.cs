using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StochasticAD.Backends;
using StochasticAD.Models;

namespace StochasticAD.Cli.Sweep;

/// <summary>
/// <c>stochad sweep &lt;model&gt;</c>: runs the estimators over a range of p or of a model setting
/// (e.g. the number of steps), optionally with p tied to the setting (<c>--p-per 2</c>: p = 2 × setting),
/// and writes a CSV of mean, stderr, per-sample std and time per sample, and a PNG of std (or mean) vs x.
/// </summary>
internal sealed class SweepCommand
{
    private static readonly string[] s_allEstimators = ["triple", "score", "score-cv", "fd"];

    /// <summary>The most swept values, from --values or --points.</summary>
    private const int MaxValues = 10_000;

    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly bool _interactive;

    private readonly Argument<string> _model = new("model") { Description = "Model name (see 'stochad list')." };
    private readonly Option<string> _over = new("--over") { Description = "What to sweep: p, or the name of a model setting (e.g. steps).", Required = true };
    private readonly Option<string?> _values = new("--values") { Description = "The values, comma-separated; 'a,b,...,c' counts from a in steps of b − a up to c." };
    private readonly Option<double?> _from = CliOptions.Real("--from", "First value (with --to and --points).");
    private readonly Option<double?> _to = CliOptions.Real("--to", "Last value (with --from and --points).");
    private readonly Option<long?> _points = CliOptions.Whole("--points", "Number of evenly spaced values from --from to --to (2 to 10000); rounded for whole-number settings.", 2, MaxValues);
    private readonly Option<double?> _pPer = CliOptions.Real("--p-per", "Tie p to the swept setting: p = this × setting value (e.g. 2 for p = 2n).");
    private readonly Option<double?> _p = CliOptions.Real("--p", "A fixed p when sweeping a setting (default: the model's).");
    private readonly Option<string> _estimators = new("--estimators") { Description = "Comma-separated: triple, score, score-cv, fd.", DefaultValueFactory = _ => string.Join(',', s_allEstimators) };
    private readonly Option<long?> _samples = CliOptions.Whole("--samples", "Samples per point and estimator (default 10000).", 2, EstimationOptions.SampleCountLimit, "-n");
    private readonly Option<long?> _seed = CliOptions.Whole("--seed", "The seed (every point and estimator uses it; default 2024).", long.MinValue, long.MaxValue);
    private readonly Option<long?> _threads = CliOptions.Whole("--threads", "Threads (0 = one per core); results do not depend on it.", 0, 1024);
    private readonly Option<string> _backend = new("--backend", "-b")
    {
        Description = $"The triple estimator's backend: {string.Join(" | ", BackendCatalog.Names)}.",
        DefaultValueFactory = _ => BackendCatalog.Default,
    };

    private readonly Option<string[]> _set = new("--set") { Description = "Another model setting, as name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string> _plot = new("--plot") { Description = "std: per-sample std vs x (log y); mean: mean ± 2 stderr vs x with the exact/reference curve.", DefaultValueFactory = _ => "std" };
    private readonly Option<bool> _linear = new("--linear-y") { Description = "std plot: a linear instead of a logarithmic y axis." };
    private readonly Option<string?> _outPath = new("--out", "-o") { Description = "The PNG to write (the CSV goes beside it). Default sweep-<model>-<over>.png." };

    private SweepCommand(TextWriter output, TextWriter error, bool interactive)
    {
        _out = output;
        _err = error;
        _interactive = interactive;
    }

    /// <summary>The <c>sweep</c> command, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error, bool interactive)
    {
        var sweep = new SweepCommand(output, error, interactive);
        var command = new Command("sweep", "Run the estimators over a range of p or of a model setting; write a CSV and a PNG of std (or mean) vs the swept value.")
        {
            sweep._model, sweep._over, sweep._values, sweep._from, sweep._to, sweep._points, sweep._pPer, sweep._p, sweep._estimators,
            sweep._samples, sweep._seed, sweep._threads, sweep._backend, sweep._set, sweep._plot, sweep._linear, sweep._outPath,
        };
        command.SetAction((r, ct) => Task.FromResult(sweep.Run(r, ct)));
        return command;
    }

    private int Run(ParseResult r, CancellationToken ct)
    {
        SweepPlan? plan;
        try
        {
            plan = Plan(r);
        }
        catch (ArgumentException e)
        {
            return Usage(CliOptions.Message(e));
        }

        if (plan is null)
        {
            return CliApp.UsageError;
        }

        using OutputFiles? files = OutputFiles.Prepare(plan.OutputPath, "--out", out string? problem);
        if (files is null)
        {
            return Usage(problem!);
        }

        var rows = new List<SweepRow>();
        bool cancelled;
        try
        {
            cancelled = Execute(plan, rows, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }
#pragma warning disable CA1031 // A failure of the model is reported, not thrown at the user.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _err.WriteLine($"stochad: the model failed: {ex.GetType().Name}: {CliOptions.Message(ex)}");
            return CliApp.Failure;
        }

        if (rows.Count > 0)
        {
            // Both files are drafted under temporary names and moved into place together.
            SweepPlot.WriteCsv(plan, rows, files.CsvDraft);
            SweepPlot.Draw(plan, rows, files.PngDraft);
            files.Commit();
            _out.WriteLine($"wrote {files.Png} and {files.Csv}");
        }

        if (cancelled)
        {
            _err.WriteLine(rows.Count > 0 ? "stochad: cancelled; the files hold the points finished so far." : "stochad: cancelled; no files written.");
            return CliApp.Cancelled;
        }

        return CliApp.Success;
    }

    /// <summary>Runs every point and estimator; returns true when cancelled.</summary>
    private bool Execute(SweepPlan plan, List<SweepRow> rows, CancellationToken ct)
    {
        int total = plan.Points.Count * plan.Estimators.Count;
        if (!_interactive)
        {
            return Loop(plan, rows, null, ct);
        }

        bool cancelled = false;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            ProgressTask task = ctx.AddTask($"sweep {plan.ModelName} over {plan.Over}", maxValue: total);
            cancelled = Loop(plan, rows, task, ct);
            task.Value = task.MaxValue;
        });

        // The bar clears itself; leave the numbers on the terminal.
        foreach (SweepRow row in rows)
        {
            _out.WriteLine(Line(plan, row));
        }

        return cancelled;
    }

    private bool Loop(SweepPlan plan, List<SweepRow> rows, ProgressTask? task, CancellationToken ct)
    {
        bool warm = false;
        foreach (SweepPoint point in plan.Points)
        {
            StochasticModel model = point.Model;
            ReferenceValue? reference = model.ReferenceDerivative(point.P, ct);
            foreach (string name in plan.Estimators)
            {
                EstimatorKind kind = Kind(name);
                if (!warm)
                {
                    EstimatorWarmUp.Run(model, point.P, [.. plan.Estimators.Select(Kind)], plan.Options, ct);
                    warm = true;
                }

                EstimationResult result = Estimator.Derivative(model, point.P, kind, plan.Options, null, ct);
                if (result.Partial)
                {
                    return true;
                }

                var row = new SweepRow(point.X, point.P, result, reference);
                rows.Add(row);
                if (task is null)
                {
                    _out.WriteLine(Line(plan, row));
                }
                else
                {
                    task.Increment(1);
                }
            }
        }

        return false;
    }

    /// <summary>The kind of an estimator name the plan has already checked.</summary>
    private static EstimatorKind Kind(string name) =>
        Estimator.TryParse(name, out EstimatorKind kind) ? kind : throw new ArgumentException($"Unknown estimator '{name}'.", nameof(name));

    private static string Line(SweepPlan plan, SweepRow row) => Invariant(
        $"{(plan.Over == "p" ? "" : Invariant($"{plan.Over} = {row.X:G6}, "))}p = {row.P:G6}: {row.Result.Estimator,-8} mean {row.Result.Mean:G6} ± {row.Result.StandardError:G3}, std {row.Result.StandardDeviation:G5}, {row.Result.SecondsPerSample * 1e6:F2} µs/sample")
        + (row.Reference is { } rv ? Invariant($", reference {rv.Value:G6}") : "");

    /// <summary>Checks the arguments and builds the plan; null after printing a usage message.</summary>
    private SweepPlan? Plan(ParseResult r)
    {
        string name = r.GetValue(_model) ?? "";
        ModelEntry? entry = ModelCatalog.Find(name);
        if (entry is null)
        {
            return Fail<SweepPlan>($"unknown model '{name}'. Known models: {string.Join(", ", ModelCatalog.Names)}.");
        }

        if (CliApp.ParseSettings(r.GetValue(_set), _err) is not { } settings)
        {
            return null;
        }

        // Checks unknown names and ranges of the fixed settings (throws ArgumentException → usage).
        StochasticModel defaults = ModelCatalog.Create(entry.Name, settings);

        string over = r.GetValue(_over) ?? "";
        bool overP = string.Equals(over, "p", StringComparison.OrdinalIgnoreCase);
        ModelSetting? swept = overP ? null : entry.Settings.FirstOrDefault(s => string.Equals(s.Name, over, StringComparison.OrdinalIgnoreCase));
        if (!overP && swept is null)
        {
            return Fail<SweepPlan>($"--over must be p or a setting of {entry.Name}" +
                (entry.Settings.Count == 0 ? " (it has none)" : $" ({string.Join(", ", entry.Settings.Select(s => s.Name))})") + $", but is '{over}'.");
        }

        if (swept is not null && settings.ContainsKey(swept.Name))
        {
            return Fail<SweepPlan>($"--over {swept.Name} and --set {swept.Name}=… contradict each other.");
        }

        double? pPer = r.GetValue(_pPer);
        double? fixedP = r.GetValue(_p);
        if (pPer is not null && overP)
        {
            return Fail<SweepPlan>("--p-per ties p to a swept setting; it cannot be used with --over p.");
        }

        if (pPer is not null && fixedP is not null)
        {
            return Fail<SweepPlan>("give either --p or --p-per, not both.");
        }

        if (fixedP is not null && overP)
        {
            return Fail<SweepPlan>("--p fixes p, but --over p sweeps it; use --from/--to/--points or --values.");
        }

        if (pPer is double factor && !(factor > 0))
        {
            return Fail<SweepPlan>(Invariant($"--p-per must be > 0, but is {factor}."));
        }

        if (Values(r, swept) is not { } xs)
        {
            return null;
        }

        var points = new List<SweepPoint>();
        foreach (double x in xs)
        {
            var pointSettings = new Dictionary<string, double>(settings, StringComparer.OrdinalIgnoreCase);
            double p;
            if (swept is null)
            {
                p = x;
            }
            else
            {
                swept.Check(x);
                pointSettings[swept.Name] = x;
                p = pPer is double f ? f * x : fixedP ?? defaults.DefaultP;
            }

            // Every point's model is built now, so that a bad combination (e.g. more infected than
            // agents at one value) is a usage error before anything runs, not a failure halfway.
            StochasticModel model;
            try
            {
                model = ModelCatalog.Create(entry.Name, pointSettings);
            }
            catch (ArgumentException e)
            {
                return Fail<SweepPlan>(Invariant($"at {over} = {x}: {CliOptions.Message(e)}"));
            }

            if (!model.IsValid(p))
            {
                return Fail<SweepPlan>(Invariant($"p = {p} (at {over} = {x}) is out of range for {entry.Name}: {model.Range}."));
            }

            points.Add(new SweepPoint(x, p, pointSettings, model));
        }

        var estimators = new List<string>();
        foreach (string e in (r.GetValue(_estimators) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Estimator.TryParse(e, out EstimatorKind kind))
            {
                return Fail<SweepPlan>($"unknown estimator '{e}' in --estimators: use {string.Join(", ", s_allEstimators)}.");
            }

            if (!estimators.Contains(Estimator.Name(kind)))
            {
                estimators.Add(Estimator.Name(kind));
            }
        }

        if (estimators.Count == 0)
        {
            return Fail<SweepPlan>("--estimators is empty.");
        }

        var options = new EstimationOptions { Seed = r.GetValue(_seed) ?? 2024, Samples = r.GetValue(_samples) ?? 10_000, MaxDegreeOfParallelism = (int)(r.GetValue(_threads) ?? 0) };
        if (estimators.Contains("fd"))
        {
            foreach (SweepPoint point in points)
            {
                double h = Estimator.FiniteDifferenceStep(options, point.P);
                if (!point.Model.IsValid(point.P - h) || !point.Model.IsValid(point.P + h))
                {
                    return Fail<SweepPlan>(Invariant($"fd needs p ± h = {point.P} ± {h} inside {point.Model.Range}; leave fd out of --estimators or move the range."));
                }
            }
        }

        string backendName = r.GetValue(_backend) ?? BackendCatalog.Default;
        if (CliOptions.Backend(backendName) is not { } backend)
        {
            return Fail<SweepPlan>($"unknown backend '{backendName}'. Backends: {string.Join(", ", BackendCatalog.Names)}.");
        }

        string plot = (r.GetValue(_plot) ?? "std").ToLowerInvariant();
        if (plot is not ("std" or "mean"))
        {
            return Fail<SweepPlan>($"--plot must be std or mean, but is '{plot}'.");
        }

        string overName = swept?.Name ?? "p";
        string path = r.GetValue(_outPath) ?? $"sweep-{entry.Name}-{overName}.png";
        return new SweepPlan(entry.Name, overName, pPer, points, estimators, options with { Backend = backend }, plot == "mean", r.GetValue(_linear), path);
    }

    /// <summary>The swept values from --values or --from/--to/--points, rounded and deduplicated for whole-number settings; null after a usage message.</summary>
    private List<double>? Values(ParseResult r, ModelSetting? swept)
    {
        string? list = r.GetValue(_values);
        double? from = r.GetValue(_from), to = r.GetValue(_to);
        int? count = (int?)r.GetValue(_points);
        bool range = from is not null || to is not null || count is not null;
        if (list is not null && range)
        {
            return Fail<List<double>>("give either --values or --from/--to/--points, not both.");
        }

        List<double> xs;
        if (list is not null)
        {
            if (ParseList(list) is not { } parsed)
            {
                return null;
            }

            xs = parsed;
        }
        else
        {
            if (from is not double a || to is not double b || count is not int k)
            {
                return Fail<List<double>>("give --values, or all of --from, --to and --points.");
            }

            xs = [.. Enumerable.Range(0, k).Select(i => i == k - 1 ? b : a + ((b - a) * i / (k - 1)))];
            if (swept is { IsInteger: true })
            {
                xs = [.. xs.Select(x => Math.Round(x, MidpointRounding.AwayFromZero))];
            }
        }

        xs = [.. xs.Distinct()];
        if (swept is not null)
        {
            foreach (double x in xs)
            {
                swept.Check(x);
            }
        }

        return xs;
    }

    /// <summary>Parses "a,b,c" and "a,b,...,c" (an arithmetic progression from a in steps of b − a, up to c).</summary>
    private List<double>? ParseList(string text)
    {
        string[] tokens = text.Split(',', StringSplitOptions.TrimEntries);
        if (Array.IndexOf(tokens, "") >= 0)
        {
            return Fail<List<double>>($"--values has an empty entry: '{text}'.");
        }

        var xs = new List<double>();
        for (int t = 0; t < tokens.Length; t++)
        {
            if (tokens[t] is "..." or "…")
            {
                if (xs.Count < 2 || t + 1 >= tokens.Length || !TryNumber(tokens[t + 1], out double last))
                {
                    return Fail<List<double>>($"'...' in --values needs two numbers before it and one after, as in 10,20,...,100; got '{text}'.");
                }

                double step = xs[^1] - xs[^2];
                if (!(step != 0 && Math.Sign(last - xs[^1]) == Math.Sign(step)))
                {
                    return Fail<List<double>>($"'...' in --values must count towards the number after it; got '{text}'.");
                }

                double start = xs[^1];
                long n = (long)Math.Floor(((last - start) / step) + 1e-9);
                if (n > MaxValues)
                {
                    return Fail<List<double>>($"--values '{text}' expands to more than {MaxValues} values.");
                }

                for (long i = 1; i <= n; i++)
                {
                    xs.Add(start + (i * step));
                }

                if (Math.Abs(xs[^1] - last) > 1e-9 * Math.Max(1, Math.Abs(last)))
                {
                    xs.Add(last);
                }

                t++;
                continue;
            }

            if (!TryNumber(tokens[t], out double x))
            {
                return Fail<List<double>>($"--values takes comma-separated numbers (a decimal point, no group separators), but '{tokens[t]}' is not one.");
            }

            xs.Add(x);
            if (xs.Count > MaxValues)
            {
                return Fail<List<double>>($"--values has more than {MaxValues} values.");
            }
        }

        return xs;
    }

    private static bool TryNumber(string s, out double x) => CliOptions.TryReal(s, out x);

    private T? Fail<T>(string message)
        where T : class
    {
        Usage(message);
        return null;
    }

    private int Usage(string message)
    {
        _err.WriteLine($"stochad: {message}");
        return CliApp.UsageError;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One swept value: x, the p it runs at, the model settings there and the model they build.</summary>
internal sealed record SweepPoint(double X, double P, IReadOnlyDictionary<string, double> Settings, StochasticModel Model);

/// <summary>A checked sweep: what to run and where to write.</summary>
internal sealed record SweepPlan(
    string ModelName, string Over, double? PPer, IReadOnlyList<SweepPoint> Points, IReadOnlyList<string> Estimators,
    EstimationOptions Options, bool PlotMean, bool LinearY, string OutputPath)
{
    public string CsvPath => Path.ChangeExtension(OutputPath, ".csv");
}

/// <summary>One estimator's result at one swept value, with the model's exact/reference derivative there.</summary>
internal sealed record SweepRow(double X, double P, EstimationResult Result, ReferenceValue? Reference);
