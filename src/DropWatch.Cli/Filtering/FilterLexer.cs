using System.Text;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// Splits a filter expression into tokens. A bare word runs until white space or one of
/// <c>( ) , ! = &amp; | "</c>, so addresses (<c>fe80::1/64</c>) and globs (<c>tcp_*</c>) need no quotes;
/// anything else can be written in double quotes (<c>\"</c> and <c>\\</c> escape).
/// </summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
                i++;
            if (i == text.Length)
            {
                tokens.Add(new FilterToken(TokenKind.End, "", i + 1));
                return tokens;
            }
            int start = i;
            char c = text[i];
            char next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '(': tokens.Add(new(TokenKind.LeftParen, "(", start + 1)); i++; break;
                case ')': tokens.Add(new(TokenKind.RightParen, ")", start + 1)); i++; break;
                case ',': tokens.Add(new(TokenKind.Comma, ",", start + 1)); i++; break;
                case '=' when next == '=': tokens.Add(new(TokenKind.Equal, "==", start + 1)); i += 2; break;
                case '!' when next == '=': tokens.Add(new(TokenKind.NotEqual, "!=", start + 1)); i += 2; break;
                case '!': tokens.Add(new(TokenKind.Not, "!", start + 1)); i++; break;
                case '&' when next == '&': tokens.Add(new(TokenKind.And, "&&", start + 1)); i += 2; break;
                case '|' when next == '|': tokens.Add(new(TokenKind.Or, "||", start + 1)); i += 2; break;
                case '=': throw new FilterSyntaxException(start + 1, "'=' is not an operator; use '=='");
                case '&': throw new FilterSyntaxException(start + 1, "'&' is not an operator; use '&&'");
                case '|': throw new FilterSyntaxException(start + 1, "'|' is not an operator; use '||'");
                case '"':
                    tokens.Add(new(TokenKind.String, ReadString(text, ref i), start + 1));
                    break;
                default:
                    while (i < text.Length && IsWordChar(text[i]))
                        i++;
                    tokens.Add(new(TokenKind.Word, text[start..i], start + 1));
                    break;
            }
        }
    }

    private static bool IsWordChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('(' or ')' or ',' or '!' or '=' or '&' or '|' or '"');

    private static string ReadString(string text, ref int i)
    {
        int open = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            char c = text[i++];
            if (c == '"')
                return value.ToString();
            if (c == '\\' && i < text.Length && text[i] is '"' or '\\')
                c = text[i++];
            value.Append(c);
        }
        throw new FilterSyntaxException(open + 1, "this string has no closing '\"'");
    }
}
