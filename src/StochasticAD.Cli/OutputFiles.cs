using System.Globalization;

namespace StochasticAD.Cli;

/// <summary>
/// A PNG and the CSV beside it, written all or nothing: the figure or sweep writes both under
/// temporary names in the target folder, and <see cref="Commit"/> moves them into place only
/// after both are complete. Cancelled or failed runs leave nothing behind (<see cref="Dispose"/>).
/// </summary>
internal sealed class OutputFiles : IDisposable
{
    private bool _committed;

    private OutputFiles(string png)
    {
        Png = Path.GetFullPath(png);
        Csv = Path.ChangeExtension(Png, ".csv");
        string folder = Path.GetDirectoryName(Png)!;
        string stem = "." + Path.GetFileNameWithoutExtension(Png) + "." + Guid.NewGuid().ToString("N")[..12] + ".partial";
        PngDraft = Path.Combine(folder, stem + ".png");
        CsvDraft = Path.Combine(folder, stem + ".csv");
    }

    /// <summary>The PNG's final path.</summary>
    public string Png { get; }

    /// <summary>The CSV's final path (the PNG's, with .csv).</summary>
    public string Csv { get; }

    /// <summary>Where to write the PNG until <see cref="Commit"/>.</summary>
    public string PngDraft { get; }

    /// <summary>Where to write the CSV until <see cref="Commit"/>.</summary>
    public string CsvDraft { get; }

    /// <summary>
    /// Checks <paramref name="path"/> (the value of <paramref name="option"/>) before any work is
    /// done, and creates its folder: a non-empty .png name, neither it nor its .csv an existing
    /// folder, and a folder this process can write to. Returns the staged files, or null with a
    /// message for the user.
    /// </summary>
    public static OutputFiles? Prepare(string path, string option, out string? problem)
    {
        problem = Check(path, option);
        if (problem is not null)
        {
            return null;
        }

        var files = new OutputFiles(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(files.Png)!);

            // Probe: create and remove the draft, so an unwritable folder is reported now, not after the computation.
            using (new FileStream(files.PngDraft, FileMode.CreateNew, FileAccess.Write))
            {
            }

            File.Delete(files.PngDraft);
            return files;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            problem = $"cannot write {option} '{path}': its folder is not writable ({e.Message})";
            return null;
        }
    }

    /// <summary>Moves both drafts into place (CSV first, then PNG).</summary>
    public void Commit()
    {
        File.Move(CsvDraft, Csv, overwrite: true);
        File.Move(PngDraft, Png, overwrite: true);
        _committed = true;
    }

    /// <summary>Removes whatever drafts are left (nothing after a <see cref="Commit"/>).</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        foreach (string draft in new[] { PngDraft, CsvDraft })
        {
            try
            {
                File.Delete(draft);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: a draft that cannot be removed is harmless (a hidden .partial file).
            }
        }
    }

    private static string? Check(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{option} must name a .png file, but is empty.";
        }

        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || Path.GetFileNameWithoutExtension(path).Length == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{option} must name a .png file (a .csv goes beside it), but is '{path}'.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{option} '{path}' is not a valid path: {e.Message}";
        }

        if (Directory.Exists(full))
        {
            return $"{option} '{path}' is a folder; name a .png file.";
        }

        string csv = Path.ChangeExtension(full, ".csv");
        if (Directory.Exists(csv))
        {
            return $"the CSV beside {option} '{path}' would be '{csv}', which is a folder.";
        }

        return null;
    }
}
