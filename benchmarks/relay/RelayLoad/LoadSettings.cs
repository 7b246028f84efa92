using System.Globalization;

/// <summary>The generator's command line.</summary>
internal sealed record LoadSettings(string Ng, int Pid, int Calls, int Seconds, int Rate, string Name, string Mode, int Warmup)
{
    /// <summary>SDES-SRTP on side A (RTP/SAVP), plain on side B.</summary>
    public bool Srtp => Mode == "srtp";

    /// <summary>No relay: A and B send to each other (the generator's and the kernel's own floor).</summary>
    public bool Direct => Mode == "direct";

    public static LoadSettings Parse(string[] args)
    {
        string ng = "127.0.0.1:22222", name = "relay", mode = "plain";
        int pid = 0, calls = 200, seconds = 20, rate = 50, warmup = 3;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--ng": ng = value; break;
                case "--pid": pid = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--calls": calls = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--name": name = value; break;
                case "--mode": mode = value; break;
                case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        if (mode is not ("plain" or "srtp" or "direct")) throw new ArgumentException("--mode is plain, srtp or direct");
        return new LoadSettings(ng, pid, calls, seconds, rate, name, mode, warmup);
    }
}
