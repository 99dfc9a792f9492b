"""附件2 中小企业专业服务分类代码表: the table, finding a code from how filers speak, the replies.

`table` reads and validates the table and its everyday phrases (knowledge/codes.yaml,
knowledge/code_synonyms.yaml), `index` scores every code for a keyword, `lookup` holds
`CodeBook` (the `/代码` command and ranking), `replies` writes the answers and `intent` decides
whether a chat message is a code question.
"""

from bot.codes.index import Candidate
from bot.codes.intent import natural_intent
from bot.codes.lookup import CodeBook
from bot.codes.table import (
    CodeSynonyms,
    CodeTable,
    MajorClass,
    MinorCode,
    load_synonyms,
    load_table,
)

__all__ = [
    "Candidate",
    "CodeBook",
    "CodeSynonyms",
    "CodeTable",
    "MajorClass",
    "MinorCode",
    "load_synonyms",
    "load_table",
    "natural_intent",
]
