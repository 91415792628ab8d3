using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Generic;

/// <summary>Decodes a CTRL_CMD_NEWFAMILY reply. Attributes are matched by type, never by position.</summary>
public static class FamilyReplyDecoder
{
    public static FamilyInfo Decode(in NetlinkMessage message)
    {
        GenericMessage genl = GenericMessage.Parse(message);
        if (genl.Command != Controller.CommandNewFamily)
            ThrowHelper.Malformed($"controller reply has command {genl.Command}, expected {Controller.CommandNewFamily}");

        string? name = null;
        ushort? id = null;
        uint version = 0, maxAttribute = 0;
        var groups = new Dictionary<string, uint>(StringComparer.Ordinal);

        AttributeReader attributes = genl.GetAttributes();
        while (attributes.TryRead(out NetlinkAttribute a))
        {
            switch (a.Type)
            {
                case Controller.AttrFamilyName: name = a.GetString(); break;
                case Controller.AttrFamilyId: id = a.GetU16(); break;
                case Controller.AttrVersion: version = a.GetU32(); break;
                case Controller.AttrMaxAttr: maxAttribute = a.GetU32(); break;
                case Controller.AttrMulticastGroups: ReadGroups(a.GetNested(), groups); break;
            }
        }

        if (name is null || id is null)
            ThrowHelper.Malformed("controller reply lacks the family name or id");
        return new FamilyInfo(name, id.Value, version, maxAttribute, groups);
    }

    // An "array" nest: each entry's type is only an index; its payload is a nest of name and id.
    private static void ReadGroups(AttributeReader entries, Dictionary<string, uint> groups)
    {
        while (entries.TryRead(out NetlinkAttribute entry))
        {
            string? name = null;
            uint? id = null;
            AttributeReader fields = entry.GetNested();
            while (fields.TryRead(out NetlinkAttribute f))
            {
                if (f.Type == Controller.AttrGroupName) name = f.GetString();
                else if (f.Type == Controller.AttrGroupId) id = f.GetU32();
            }
            if (name is not null && id is not null)
                groups[name] = id.Value;
        }
    }
}
