"""Telling a request to check a platform name from a question that only mentions one: the
words around the name are words of asking, and what they frame looks like a name."""

from __future__ import annotations

import pytest

from bot.checks.name_request import MARKERS, name_request


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param("平台名称就用无锡新吴科技服务平台行吗", ["无锡新吴科技服务平台"],
                     id="jiu-yong"),
        pytest.param("我们打算起名叫南通海安企业服务平台", ["南通海安企业服务平台"], id="qiming"),
        pytest.param("名称定成扬州邗江创新服务平台，妥吗", ["扬州邗江创新服务平台"], id="tuo-ma"),
        pytest.param("宿迁电商服务平台这样写对吗", ["宿迁电商服务平台"], id="zheyang-xie"),
        pytest.param("帮我瞅瞅：盐城大丰港物流服务平台", ["盐城大丰港物流服务平台"], id="chouchou"),
        pytest.param("徐州工程机械服务平台，名字有毛病吗", ["徐州工程机械服务平台"], id="maobing"),
        pytest.param("『常州市钟楼区企业服务平台』可以不", ["常州市钟楼区企业服务平台"],
                     id="double-corner-quotes"),
        pytest.param("【淮安市工业设计服务平台】", ["淮安市工业设计服务平台"], id="lenticular"),
        pytest.param("请问名称暂定为南京鼓楼科创服务平台，合规吗？", ["南京鼓楼科创服务平台"],
                     id="zanding"),
        pytest.param("我们拟用泰州市海陵区中小企业服务中心", ["泰州市海陵区中小企业服务中心"],
                     id="unit-name-introduced"),
        pytest.param("无锡市江阴企业服务平台。", ["无锡市江阴企业服务平台"], id="bare-with-place"),
        pytest.param("名称叫镇江A平台、镇江B平台，哪个好", None, id="which-is-better"),
        pytest.param("苏州市工业园区服务平台、昆山市服务平台这两个名字可以吗",
                     ["苏州市工业园区服务平台", "昆山市服务平台"], id="two-names"),
    ],
)
def test_names_asked_for(text: str, names: list[str] | None) -> None:
    """However the check is asked, the name comes out without the words around it."""
    assert name_request(text) == names


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("常州市科技服务平台的活动类别怎么填", id="other-topic"),
        pytest.param("南京企业服务平台需要交什么材料", id="materials"),
        pytest.param("平台名称需要盖章吗", id="stamp"),
        pytest.param("名称可以带江苏两个字吗", id="rule-word"),
        pytest.param("企业服务平台", id="bare-without-place"),
        pytest.param("名称要和营业执照一致吗", id="licence"),
        pytest.param("我们公司叫什么平台比较好", id="advice"),
        pytest.param("平台名称填写规范是什么", id="what-is"),
        pytest.param("中心和平台有什么区别", id="difference"),
        pytest.param("名字太长了怎么办", id="too-long"),
    ],
)
def test_questions_are_not_name_checks(text: str) -> None:
    """A question that mentions a platform or names is not a request to check a name."""
    assert name_request(text) is None


@pytest.mark.parametrize(
    "text", ["平台名称就用无锡新吴科技服务平台行吗", "“苏州服务平台”", "拟用南京华创科技有限公司"]
)
def test_accepted_requests_hold_a_marker(text: str) -> None:
    """What name_request accepts holds one of the words the check prefilter looks for."""
    assert name_request(text) is not None
    assert MARKERS.search(text)
