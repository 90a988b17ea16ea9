"""The targeting panel on a project's page: the lead the project came from (with the
referrer's credit and the visits behind it), the investor's timeline, its chain link, and its
parcel or building with a way to choose an available one."""

from zhaoshang.core.permissions import can, restrict
from zhaoshang.core.roles import INVESTOR_VIEW, PROJECT_EDIT
from zhaoshang.targeting.forms import ProjectLinkForm, SiteAssignForm
from zhaoshang.targeting.models import Investor, Lead, ProjectLink


def project_panel(request, project):
    user = request.user
    lead = (
        restrict(user, INVESTOR_VIEW, Lead)
        .select_related("reported_by", "referrer_enterprise", "visit", "visit__trip", "unit")
        .filter(project=project)
        .first()
    )
    investor = (
        restrict(user, INVESTOR_VIEW, Investor).filter(enterprise=project.enterprise_id).first()
        if project.enterprise_id
        else None
    )
    row = ProjectLink.objects.select_related("link", "link__chain").filter(project=project).first()
    sites = list(project.sites.select_related("platform"))
    can_edit = can(user, PROJECT_EDIT, project)
    return "targeting/_project_panel.html", {
        "lead": lead,
        "investor": investor,
        "visits": list(investor.visits.select_related("trip")[:5]) if investor else [],
        "chain_link": row.link if row else None,
        "sites": sites,
        "can_edit": can_edit,
        "link_form": ProjectLinkForm(initial={"link": row.link if row else None})
        if can_edit
        else None,
        "site_form": SiteAssignForm() if can_edit else None,
    }
