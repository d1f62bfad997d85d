"""The Textual editor behind `jixiao edit`: the only package that imports textual."""
