from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from registers.permissions import register_for


@login_required
def recording_list(request, slug: str):
    register = register_for(request.user, slug)
    return render(request, "recordings/recording_list.html", {"register": register, "recordings": []})
