using System.Runtime.InteropServices;
using StochasticAD.Cli;

// Ctrl-C and SIGTERM cancel the running command, which stops within milliseconds (the generator checks the
// token), prints what is finished and exits with 130. A second signal terminates at once.
using var stop = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}

using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await CliApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, stop.Token).ConfigureAwait(false);
