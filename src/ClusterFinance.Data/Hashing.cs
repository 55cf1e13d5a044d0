using System.Security.Cryptography;
using System.Text;

namespace ClusterFinance.Data;

public static class Hashing
{
    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
