using System.CommandLine;
using StochasticAD.Backends;
using static StochasticAD.Cli.CliOptions;

namespace StochasticAD.Cli;

/// <summary>The <c>stochad</c> command line: list, estimate, compare, sweep and figures on the built-in models.</summary>
public static partial class CliApp
{
    /// <summary>Exit code of success.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failure of the model or of writing the output.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of invalid arguments.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of a cancelled run (Ctrl-C, SIGTERM or the caller's token): 128 + SIGINT, the shell's convention.</summary>
    public const int Cancelled = 130;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">Whether output is a terminal (progress bar, colours, the terminal's width).</param>
    /// <param name="cancellationToken">Stops a running command: estimates print their partial result, files are not written; exit code <see cref="Cancelled"/>.</param>
    /// <returns>The exit code: 0 success, 1 a failure of the model, 2 invalid arguments, 130 cancelled.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, interactive, tableWidth: null, cancellationToken);

    /// <summary>Runs the command line with tables laid out for <paramref name="tableWidth"/> columns (null: the terminal's, or 160 when redirected).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, int? tableWidth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var app = new Commands(output, error, interactive, tableWidth);
        if (ParseProblem(app.Root, args) is { } problem)
        {
            await error.WriteLineAsync($"stochad: {problem}").ConfigureAwait(false);
            await error.WriteLineAsync("Run 'stochad --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // The process's signals are handled by Program (they cancel the token); the library's own
        // termination handler is off, as is its exception handler (failures become one line, below).
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await app.Root.Parse(args).InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("stochad: cancelled.").ConfigureAwait(false);
            return Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: one line to the user, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"stochad: internal error: {e.GetType().Name}: {Message(e)}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>The first thing wrong with the command line as parsed, in the user's terms; null when it parses.</summary>
    private static string? ParseProblem(RootCommand root, string[] args)
    {
        string[] commands = [.. root.Subcommands.Select(c => c.Name)];
        if (args.Length == 0)
        {
            return $"give a command: {string.Join(", ", commands)}.";
        }

        if (!args[0].StartsWith('-') && !commands.Contains(args[0], StringComparer.Ordinal))
        {
            return $"unknown command '{args[0]}'. Commands: {string.Join(", ", commands)}.";
        }

        ParseResult parse = root.Parse(args);
        return parse.Errors.Count == 0
            ? null
            : string.Join(Environment.NewLine + "stochad: ", parse.Errors.Select(e => e.Message).Distinct());
    }

    /// <summary>The commands and their options; each command's action lives in a partial file (CliApp.Estimate.cs, CliApp.Figure.cs, …).</summary>
    private sealed partial class Commands
    {
        private readonly TextWriter _out;
        private readonly TextWriter _err;
        private readonly bool _interactive;
        private readonly int? _tableWidth;

        private readonly Argument<string> _model = new("model") { Description = "Model name (see 'stochad list')." };
        private readonly Option<double?> _p = Real("--p", "The parameter p (default: the model's).");
        private readonly Option<long?> _samples = Whole("--samples", "Number of samples (default 10000).", 1, EstimationOptions.SampleCountLimit, "-n");
        private readonly Option<double?> _stderr = Real("--stderr", "Sample until this standard error (capped by --max-samples).");
        private readonly Option<long?> _maxSamples = Whole("--max-samples", "With --stderr: the cap on samples (default 10000000).", 1, EstimationOptions.SampleCountLimit);
        private readonly Option<long?> _seed = Whole("--seed", "The seed (default 2024).", long.MinValue, long.MaxValue);
        private readonly Option<string> _estimator = new("--estimator", "-e") { Description = "triple | score | score-cv | fd | value", DefaultValueFactory = _ => "triple" };
        private readonly Option<long?> _threads = Whole("--threads", "Threads (0 = one per core); results do not depend on it.", 0, 1024);
        private readonly Option<string[]> _set = new("--set")
        {
            Description = "A model setting other than p, as name=value (repeatable); 'stochad list' shows each model's settings.",
            AllowMultipleArgumentsPerToken = false,
        };

        private readonly Option<double?> _h = Real("--h", "fd: the step h (default 0.01·max(1, |p|)).");
        private readonly Option<bool> _json = new("--json") { Description = "One JSON object per result (per model for list), one per line." };
        private readonly Option<string?> _cluster = Cluster.ClusterRunner.CreateOption();
        private readonly Option<string> _backend = new("--backend", "-b")
        {
            Description = $"The triple estimator's backend: {string.Join(" | ", BackendCatalog.Names)}.",
            DefaultValueFactory = _ => BackendCatalog.Default,
        };

        private readonly Option<string> _strategy = new("--strategy")
        {
            Description = $"How draws form new jumps: {string.Join(" | ", Strategies.Select(s => s.Name))}.",
            DefaultValueFactory = _ => "default",
        };

        public Commands(TextWriter output, TextWriter error, bool interactive, int? tableWidth)
        {
            _out = output;
            _err = error;
            _interactive = interactive;
            _tableWidth = tableWidth;
            Root = new RootCommand("stochad: unbiased derivatives of stochastic programs with discrete randomness (stochastic triples), and baselines.");

            var list = new Command("list", "List the built-in models.") { _json };
            list.SetAction(r => List(r.GetValue(_json)));
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
            AddGradientCommand();
            Root.Add(Sweep.SweepCommand.Create(output, error, interactive));
            Root.Add(Cluster.SiloCommand.Create(output, error));
        }

        public RootCommand Root { get; }

        /// <summary>Parses the --set name=value options; null (after printing a usage message) when one is malformed.</summary>
        private Dictionary<string, double>? Settings(ParseResult r) => ParseSettings(r.GetValue(_set), _err);

        private int Usage(string message)
        {
            _err.WriteLine($"stochad: {message}");
            return UsageError;
        }
    }

    /// <summary>Parses --set name=value items (numbers in the invariant culture); null after a usage message to <paramref name="error"/>.</summary>
    internal static Dictionary<string, double>? ParseSettings(IEnumerable<string>? items, TextWriter error)
    {
        var settings = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (string item in items ?? [])
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !TryReal(item[(eq + 1)..], out double value))
            {
                error.WriteLine($"stochad: --set takes name=value with a finite number (a decimal point, no group separators), but got '{item}'.");
                return null;
            }

            settings[item[..eq]] = value;
        }

        return settings;
    }
}
