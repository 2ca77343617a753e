using System.CommandLine;
using StochasticAD.Models;
using static StochasticAD.Cli.CliOptions;

namespace StochasticAD.Cli;

/// <summary>The figure and figures commands.</summary>
public static partial class CliApp
{
    private sealed partial class Commands
    {
        private readonly Argument<string> _figure = new("figure") { Description = "Figure name (see 'stochad figures')." };
        private readonly Option<string?> _outPath = new("--out", "-o") { Description = "The PNG to write (a CSV with the numbers goes beside it)." };

        private void AddFigureCommands()
        {
            var figures = new Command("figures", "List the figures 'stochad figure' can draw.");
            figures.SetAction(_ =>
            {
                int width = Figures.FigureCatalog.All.Max(f => f.Name.Length) + 2;
                foreach (Figures.IFigure f in Figures.FigureCatalog.All)
                {
                    _out.WriteLine($"{f.Name.PadRight(width)}{f.Description}");
                    foreach (ModelSetting setting in f.Settings)
                    {
                        _out.WriteLine(Invariant($"{new string(' ', width)}--set {setting.Name}=… ({setting.Description}; default {setting.Default})"));
                    }
                }

                return Success;
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
                    return Usage($"the figure {figure.Name} has no setting '{key}'" +
                        (figure.Settings.Count == 0 ? "." : $"; its settings are: {string.Join(", ", figure.Settings.Select(s => s.Name))}."));
                }

                try
                {
                    setting.Check(value);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    return Usage(Message(e));
                }
            }

            using OutputFiles? files = OutputFiles.Prepare(r.GetValue(_outPath) ?? figure.DefaultFileName, "--out", out string? problem);
            if (files is null)
            {
                return Usage(problem!);
            }

            var context = new Figures.FigureContext(files.Png, r.GetValue(_seed) ?? 2024, r.GetValue(_samples), settings, _out)
            {
                PngFile = files.PngDraft,
                CsvFile = files.CsvDraft,
            };
            try
            {
                figure.Render(context, ct);

                // Estimates return partial results when cancelled: a figure of them would plot unfinished points.
                ct.ThrowIfCancellationRequested();
                files.Commit();
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or AggregateException)
            {
                _err.WriteLine("stochad: cancelled; no files written.");
                return Cancelled;
            }
            catch (ArgumentException e)
            {
                return Usage($"{figure.Name}: {Message(e)}");
            }
#pragma warning disable CA1031 // A failure of the model or of the disk is reported, not thrown at the user.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _err.WriteLine($"stochad: {figure.Name} failed: {e.GetType().Name}: {Message(e)}");
                return Failure;
            }

            _out.WriteLine($"wrote {files.Png} and {files.Csv}");
            return Success;
        }
    }
}
