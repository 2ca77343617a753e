using System.CommandLine;
using Spectre.Console;
using StochasticAD.Backends;
using StochasticAD.Models;
using static StochasticAD.Cli.CliOptions;

namespace StochasticAD.Cli;

/// <summary>The estimate and compare commands.</summary>
public static partial class CliApp
{
    private sealed partial class Commands
    {
        /// <summary>What estimate/compare run, after every argument has been checked.</summary>
        private sealed record EstimatePlan(
            StochasticModel Model, double P, IReadOnlyList<string> Kinds, EstimationOptions Options, IReadOnlyDictionary<string, double> Settings);

        private int Estimate(ParseResult r, bool compare, CancellationToken ct)
        {
            if (PlanEstimate(r, compare) is not { } plan)
            {
                return UsageError;
            }

            var results = new List<EstimationResult>();
            ReferenceValue? reference = null;
            bool value = plan.Kinds is ["value"];
            Cluster.ClusterRunner? cluster = null;
            try
            {
                cluster = Cluster.ClusterRunner.Connect(r.GetValue(_cluster), plan.Model.Name, plan.Settings, ct);
                if (compare && cluster is null)
                {
                    // Every estimator's code reaches its optimised (tier-1) form before any is timed.
                    EstimatorWarmUp.Run(plan.Model, plan.P, [.. plan.Kinds.Select(k => Kind(k)!.Value)], plan.Options, ct);
                }

                foreach (string kind in plan.Kinds)
                {
                    results.Add(RunOne(plan.Model, plan.P, kind, plan.Options, cluster, ct));
                    if (results[^1].Partial)
                    {
                        break;
                    }
                }

                if (!ct.IsCancellationRequested)
                {
                    reference = value
                        ? (plan.Model.ExactMean(plan.P, ct) is double mean ? new ReferenceValue(mean, 0, "exact") : null)
                        : plan.Model.ReferenceDerivative(plan.P, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Cancelled while warming up or computing the reference: print what is finished.
            }
            catch (ArgumentException ex)
            {
                return Usage(Message(ex));
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
                _err.WriteLine($"stochad: the model failed: {ex.GetType().Name}: {Message(ex)}");
                return Failure;
            }
            finally
            {
                cluster?.Dispose();
            }

            if (results.Count > 0)
            {
                if (r.GetValue(_json))
                {
                    foreach (EstimationResult res in results)
                    {
                        _out.WriteLine(ResultJson(res, reference, plan));
                    }
                }
                else
                {
                    Table(plan.Model, results, reference, value);
                }
            }

            foreach (EstimationResult res in results.Where(x => x.TargetMissed))
            {
                _err.WriteLine(Invariant(
                    $"stochad: warning: {res.Estimator}: the target standard error {plan.Options.TargetStandardError} was not reached within --max-samples {plan.Options.MaxSamples} (stderr {res.StandardError:G3})."));
            }

            if (ct.IsCancellationRequested)
            {
                _err.WriteLine(
                    results.Count == 0 ? "stochad: cancelled."
                    : results[^1].Partial ? "stochad: cancelled; the last result is partial."
                    : "stochad: cancelled while computing the reference value; the results are complete.");
                return Cancelled;
            }

            return Success;
        }

        /// <summary>Checks every argument of estimate/compare; null after a usage message.</summary>
        private EstimatePlan? PlanEstimate(ParseResult r, bool compare)
        {
            string name = r.GetValue(_model) ?? "";
            if (ModelCatalog.Find(name) is null)
            {
                return Fail($"unknown model '{name}'. Known models: {string.Join(", ", ModelCatalog.Names)}.");
            }

            if (Settings(r) is not { } settings)
            {
                return null;
            }

            StochasticModel model;
            try
            {
                model = ModelCatalog.Create(name, settings);
            }
            catch (ArgumentException e)
            {
                return Fail(Message(e));
            }

            double? givenP = r.GetValue(_p);
            double p = givenP ?? model.DefaultP;
            if (!model.IsValid(p))
            {
                return Fail(givenP is null
                    ? Invariant($"p defaults to {p} with these settings (--set {string.Join(" --set ", settings.Select(s => Invariant($"{s.Key}={s.Value}")))}), which is out of range for {model.Name}: {model.Range}; give --p or change the setting.")
                    : Invariant($"p = {p} is out of range for {model.Name}: {model.Range}."));
            }

            long? samples = r.GetValue(_samples);
            double? target = r.GetValue(_stderr);
            long? maxSamples = r.GetValue(_maxSamples);
            if (target is double t && !(t > 0))
            {
                return Fail(Invariant($"--stderr must be > 0, but is {t}."));
            }

            if (samples is not null && target is not null)
            {
                return Fail("give either --samples or --stderr, not both.");
            }

            if (maxSamples is not null && target is null)
            {
                return Fail("--max-samples caps --stderr; without --stderr use --samples.");
            }

            double? h = r.GetValue(_h);
            if (h is double step && !(step > 0))
            {
                return Fail(Invariant($"--h must be > 0, but is {step}."));
            }

            string backendName = r.GetValue(_backend) ?? BackendCatalog.Default;
            if (Backend(backendName) is not { } backend)
            {
                return Fail($"unknown backend '{backendName}'. Backends: {string.Join(", ", BackendCatalog.Names)}.");
            }

            string strategyName = r.GetValue(_strategy) ?? "default";
            if (!TryStrategy(strategyName, out JumpStrategy strategy))
            {
                return Fail($"unknown strategy '{strategyName}': use {string.Join(", ", Strategies.Select(s => s.Name))}.");
            }

            var kinds = new List<string>();
            if (compare)
            {
                kinds.AddRange(["triple", "score", "score-cv", "fd"]);
            }
            else
            {
                string e = r.GetValue(_estimator) ?? "triple";
                if (string.Equals(e, "value", StringComparison.OrdinalIgnoreCase))
                {
                    kinds.Add("value");
                }
                else if (Estimator.TryParse(e, out EstimatorKind kind))
                {
                    kinds.Add(Estimator.Name(kind));
                }
                else
                {
                    return Fail($"unknown estimator '{e}': use triple, score, score-cv, fd or value.");
                }
            }

            var options = new EstimationOptions
            {
                Seed = r.GetValue(_seed) ?? 2024,
                Samples = samples ?? 10_000,
                TargetStandardError = target,
                MaxSamples = maxSamples ?? 10_000_000,
                MaxDegreeOfParallelism = (int)(r.GetValue(_threads) ?? 0),
                FiniteDifferenceStep = h,
                Backend = backend,
                Strategy = strategy,
            };

            if (kinds.Contains("fd"))
            {
                double hh = Estimator.FiniteDifferenceStep(options, p);
                if (!model.IsValid(p - hh) || !model.IsValid(p + hh))
                {
                    return Fail(Invariant($"fd needs p ± h = {p} ± {hh} inside {model.Range}; choose a smaller --h."));
                }
            }

            return new EstimatePlan(model, p, kinds, options, settings);
        }

        private EstimatePlan? Fail(string message)
        {
            Usage(message);
            return null;
        }

        private static EstimatorKind? Kind(string name) => Estimator.TryParse(name, out EstimatorKind kind) ? kind : null;

        private EstimationResult RunOne(StochasticModel model, double p, string kind, EstimationOptions options, Cluster.ClusterRunner? cluster, CancellationToken ct)
        {
            EstimationResult Go(IProgress<EstimationProgress>? progress) =>
                cluster is not null ? cluster.Run(p, kind, options, progress, ct)
                : Kind(kind) is EstimatorKind k
                    ? Estimator.Derivative(model, p, k, options, progress, ct)
                    : Estimator.Mean(model, p, options, progress, ct);

            if (!_interactive)
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
