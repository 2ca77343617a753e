using System.CommandLine;
using System.Globalization;
using StochasticAD.Backends;
using StochasticAD.Models;
using static StochasticAD.Cli.CliOptions;

namespace StochasticAD.Cli;

// `stochad gradient <model>`: the gradient of a built-in model of several parameters, in one pass
// per chunk of parameters (method §13); a table, or with --json one object per component.
public static partial class CliApp
{
    private sealed partial class Commands
    {
        private readonly Argument<string> _vectorModel = new("model") { Description = "A model of several parameters: " + string.Join(", ", VectorModelCatalog.Names) + "." };
        private readonly Option<string?> _at = new("--at") { Description = "The parameters, comma-separated (default: the model's)." };
        private readonly Option<long?> _chunk = Whole("--chunk", "Parameters per run: 1, 2, 4, 8 or 16 (one pass per chunk); 0 = automatic; -1 = one scalar run per parameter (default).", -1, 16);

        private void AddGradientCommand()
        {
            var gradient = new Command("gradient", "Estimate the gradient of a model of several parameters, one pass per chunk of parameters.")
            {
                _vectorModel, _at, _samples, _seed, _chunk, _backend, _threads, _json,
            };
            gradient.SetAction((r, ct) => Task.FromResult(Gradient(r, ct)));
            Root.Add(gradient);
        }

        private int Gradient(ParseResult r, CancellationToken ct)
        {
            string name = r.GetValue(_vectorModel) ?? "";
            if (VectorModelCatalog.Find(name) is not { } entry)
            {
                return Usage($"unknown model '{name}' for gradient. Models of several parameters: {string.Join(", ", VectorModelCatalog.Names)}.");
            }

            IVectorStochasticModel model = entry.Create();
            double[] p = entry.DefaultP();
            if (r.GetValue(_at) is { } at)
            {
                string[] parts = at.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length != model.Dimension)
                {
                    return Usage($"--at needs {model.Dimension} comma-separated numbers for {entry.Name}, but got {parts.Length}.");
                }

                for (int k = 0; k < parts.Length; k++)
                {
                    if (!TryReal(parts[k], out p[k]))
                    {
                        return Usage($"--at: entry {k} ('{parts[k]}') is not a finite number.");
                    }
                }
            }

            string backendName = r.GetValue(_backend) ?? BackendCatalog.Default;
            if (Backend(backendName) is not { } backend)
            {
                return Usage($"unknown backend '{backendName}'. Backends: {string.Join(", ", BackendCatalog.Names)}.");
            }

            var options = new EstimationOptions
            {
                Seed = r.GetValue(_seed) ?? 2024,
                Samples = r.GetValue(_samples) ?? 2_000,
                MaxDegreeOfParallelism = (int)(r.GetValue(_threads) ?? 0),
                Backend = backend,
                GradientChunk = (int)(r.GetValue(_chunk) ?? -1),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                return Usage(e.Message.Split(Environment.NewLine)[0]);
            }

            GradientResult result = Estimator.Gradient(model, p, options: options, cancellationToken: ct);
            double[]? exact = entry.ExactGradient?.Invoke(p);
            string[] names = entry.ParameterNames();
            if (r.GetValue(_json))
            {
                for (int k = 0; k < p.Length; k++)
                {
                    _out.WriteLine(GradientJson(result, names, exact, k));
                }
            }
            else
            {
                _out.WriteLine(Invariant($"{entry.Name}: gradient of E[X] in {p.Length} parameters, {result.Samples} samples, {(result.Chunk > 0 ? $"one pass per {result.Chunk} parameters" : "one run per parameter")}, backend {result.Backend}, {result.Elapsed.TotalSeconds:F2} s"));
                _out.WriteLine(exact is null ? $"{"parameter",-14} {"p",10} {"mean",14} {"stderr",12}" : $"{"parameter",-14} {"p",10} {"mean",14} {"stderr",12} {"exact",14} {"z",7}");
                for (int k = 0; k < p.Length; k++)
                {
                    string line = Invariant($"{names[k],-14} {p[k],10:G6} {result.Mean[k],14:G6} {result.StandardError[k],12:G4}");
                    if (exact is not null)
                    {
                        line += Invariant($" {exact[k],14:G6} {(result.Mean[k] - exact[k]) / result.StandardError[k],7:F2}");
                    }

                    _out.WriteLine(line);
                }
            }

            return result.Partial ? Cancelled : Success;
        }

        private static string GradientJson(GradientResult result, string[] names, double[]? exact, int k) => JsonLine(w =>
        {
            w.WriteString("model", result.Model);
            w.WriteString("parameter", names[k]);
            w.WriteNumber("index", k);
            Number(w, "p", result.P[k]);
            Number(w, "mean", result.Mean[k]);
            Number(w, "stderr", result.StandardError[k]);
            Number(w, "std", result.StandardDeviation[k]);
            if (exact is not null)
            {
                Number(w, "exact", exact[k]);
                Number(w, "z", (result.Mean[k] - exact[k]) / result.StandardError[k]);
            }

            w.WriteStartArray("covariance");
            for (int j = 0; j < result.Mean.Count; j++)
            {
                double c = result.CovarianceOf(k, j);
                if (double.IsFinite(c))
                {
                    w.WriteNumberValue(c);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
            w.WriteNumber("samples", result.Samples);
            w.WriteNumber("chunk", result.Chunk);
            w.WriteString("backend", result.Backend);
            Number(w, "seconds", result.Elapsed.TotalSeconds);
            w.WriteBoolean("partial", result.Partial);
        });

        private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    }
}
