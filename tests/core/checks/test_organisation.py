"""Which kind of unit a name or a message speaks of; only the 中小企业服务中心 matters to the
guide （一）2, the rest are recognised so that their names are answered for what they are."""

from __future__ import annotations

import pytest

from bot.checks.organisation import OrgKind, kind_of_name, organisation


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        pytest.param("常州市中小企业服务中心", OrgKind.SERVICE_CENTER, id="centre"),
        pytest.param("无锡市中小微企业服务中心", OrgKind.SERVICE_CENTER, id="micro-centre"),
        pytest.param("江苏省中小企业发展服务中心", OrgKind.SERVICE_CENTER, id="development"),
        pytest.param("苏州市科技服务中心", OrgKind.OTHER_CENTER, id="other-centre"),
        pytest.param("南京某某科技有限公司", OrgKind.COMPANY, id="company"),
        pytest.param("南通市机械行业协会", OrgKind.ASSOCIATION, id="association"),
        pytest.param("扬州市总商会", OrgKind.ASSOCIATION, id="chamber"),
        pytest.param("江苏省产业技术研究院", OrgKind.INSTITUTE, id="institute"),
        pytest.param("常州市中小企业服务平台", None, id="platform"),
    ],
)
def test_kind_of_name(name: str, kind: OrgKind | None) -> None:
    """A unit's name is known by how it ends."""
    assert kind_of_name(name) is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("我们是南京某某科技有限公司，分类1选综合服务", OrgKind.COMPANY, id="we-are"),
        pytest.param("单位名称：泰州市中小企业服务中心", OrgKind.SERVICE_CENTER, id="labelled"),
        pytest.param("我们单位不是中小企业服务中心", OrgKind.OTHER_CENTER, id="negated"),
        pytest.param("分类1选综合服务可以吗", None, id="unsaid"),
    ],
)
def test_organisation_said(text: str, kind: OrgKind | None) -> None:
    """Who the user says they are, when they say it."""
    found = organisation(text)
    assert (found.kind if found else None) is kind
